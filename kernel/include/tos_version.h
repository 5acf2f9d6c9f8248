#ifndef _TOS_VERSION_H_
#define _TOS_VERSION_H_

/* Sprig's own version; the API it implements is TencentOS Tiny 2.x. */
#define SPRIG_VERSION_MAJOR     0
#define SPRIG_VERSION_MINOR     1
#define SPRIG_VERSION_PATCH     0

#define TOS_VERSION_MAJOR       0x02
#define TOS_VERSION_MINOR       0x04
#define TOS_VERSION_PATCH       0x05
#define TOS_VERSION             "2.4.5"

#endif /* _TOS_VERSION_H_ */
