/* (being written) */
#ifndef _TOS_COUNTDOWNLATCH_H_
#define _TOS_COUNTDOWNLATCH_H_

#if TOS_CFG_COUNTDOWNLATCH_EN > 0u
#endif

#endif /* _TOS_COUNTDOWNLATCH_H_ */
