/* (being written) */
#ifndef _TOS_BINARY_HEAP_H_
#define _TOS_BINARY_HEAP_H_

#endif /* _TOS_BINARY_HEAP_H_ */
