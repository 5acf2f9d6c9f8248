/* (being written) */
#ifndef _TOS_PRIORITY_QUEUE_H_
#define _TOS_PRIORITY_QUEUE_H_

#endif /* _TOS_PRIORITY_QUEUE_H_ */
