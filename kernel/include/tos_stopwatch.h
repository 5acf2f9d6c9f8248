/* (being written) */
#ifndef _TOS_STOPWATCH_H_
#define _TOS_STOPWATCH_H_

#endif /* _TOS_STOPWATCH_H_ */
