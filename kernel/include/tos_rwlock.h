/* (being written) */
#ifndef _TOS_RWLOCK_H_
#define _TOS_RWLOCK_H_

#if TOS_CFG_RWLOCK_EN > 0u
#endif

#endif /* _TOS_RWLOCK_H_ */
