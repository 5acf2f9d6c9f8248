/* (being written) */
#ifndef _TOS_COMPLETION_H_
#define _TOS_COMPLETION_H_

#if TOS_CFG_COMPLETION_EN > 0u
#endif

#endif /* _TOS_COMPLETION_H_ */
