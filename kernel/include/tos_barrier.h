/* (being written) */
#ifndef _TOS_BARRIER_H_
#define _TOS_BARRIER_H_

#if TOS_CFG_BARRIER_EN > 0u
#endif

#endif /* _TOS_BARRIER_H_ */
