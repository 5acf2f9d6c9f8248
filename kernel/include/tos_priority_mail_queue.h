/* (being written) */
#ifndef _TOS_PRIORITY_MAIL_QUEUE_H_
#define _TOS_PRIORITY_MAIL_QUEUE_H_

#if TOS_CFG_PRIORITY_MAIL_QUEUE_EN > 0u
#endif

#endif /* _TOS_PRIORITY_MAIL_QUEUE_H_ */
