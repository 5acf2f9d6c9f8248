/*
 * The header every kernel object starts with: a type magic (so a call on a wrong or destroyed
 * object is caught) and how the object was allocated (so a _dyn object is not destroyed with the
 * static call or vice versa).
 */
#ifndef _TOS_KOBJ_H_
#define _TOS_KOBJ_H_

typedef enum knl_obj_type_en {
    KNL_OBJ_TYPE_NONE                   = 0x0000,

    KNL_OBJ_TYPE_BINARY_HEAP            = 0x5350DAD0,
    KNL_OBJ_TYPE_BITMAP                 = 0x5350DAD1,
    KNL_OBJ_TYPE_CHAR_FIFO              = 0x5350DAD2,
    KNL_OBJ_TYPE_MMBLK_POOL             = 0x5350DAD3,
    KNL_OBJ_TYPE_MSG_QUEUE              = 0x5350DAD4,
    KNL_OBJ_TYPE_PRIORITY_QUEUE         = 0x5350DAD5,
    KNL_OBJ_TYPE_RING_QUEUE             = 0x5350DAD6,
    KNL_OBJ_TYPE_STOPWATCH              = 0x5350DAD7,
    KNL_OBJ_TYPE_TASK                   = 0x5350DAD8,
    KNL_OBJ_TYPE_TIMER                  = 0x5350DAD9,

    KNL_OBJ_TYPE_BARRIER                = 0x53500BEE,
    KNL_OBJ_TYPE_COMPLETION             = 0x53501BEE,
    KNL_OBJ_TYPE_COUNTDOWNLATCH         = 0x53502BEE,
    KNL_OBJ_TYPE_EVENT                  = 0x53503BEE,
    KNL_OBJ_TYPE_MAIL_QUEUE             = 0x53504BEE,
    KNL_OBJ_TYPE_MESSAGE_QUEUE          = 0x53505BEE,
    KNL_OBJ_TYPE_MUTEX                  = 0x53506BEE,
    KNL_OBJ_TYPE_PRIORITY_MAIL_QUEUE    = 0x53507BEE,
    KNL_OBJ_TYPE_PRIORITY_MESSAGE_QUEUE = 0x53508BEE,
    KNL_OBJ_TYPE_RWLOCK                 = 0x53509BEE,
    KNL_OBJ_TYPE_SEMAPHORE              = 0x5350ABEE,
} knl_obj_type_t;

typedef enum knl_obj_alloc_type_en {
    KNL_OBJ_ALLOC_TYPE_NONE,
    KNL_OBJ_ALLOC_TYPE_STATIC,
    KNL_OBJ_ALLOC_TYPE_DYNAMIC,
} knl_obj_alloc_type_t;

typedef struct knl_object_st {
#if TOS_CFG_OBJECT_VERIFY_EN > 0u
    knl_obj_type_t          type;
#endif
    knl_obj_alloc_type_t    alloc_type;
} knl_obj_t;

__STATIC_INLINE__ void knl_object_init(knl_obj_t *obj, knl_obj_type_t type,
                                       knl_obj_alloc_type_t alloc)
{
#if TOS_CFG_OBJECT_VERIFY_EN > 0u
    obj->type = type;
#else
    (void)type;
#endif
    obj->alloc_type = alloc;
}

__STATIC_INLINE__ void knl_object_deinit(knl_obj_t *obj)
{
#if TOS_CFG_OBJECT_VERIFY_EN > 0u
    obj->type = KNL_OBJ_TYPE_NONE;
#endif
    obj->alloc_type = KNL_OBJ_ALLOC_TYPE_NONE;
}

__STATIC_INLINE__ int knl_object_verify(const knl_obj_t *obj, knl_obj_type_t type)
{
#if TOS_CFG_OBJECT_VERIFY_EN > 0u
    return obj->type == type;
#else
    (void)obj;
    (void)type;
    return K_TRUE;
#endif
}

__STATIC_INLINE__ int knl_object_alloc_is_static(const knl_obj_t *obj)
{
    return obj->alloc_type == KNL_OBJ_ALLOC_TYPE_STATIC;
}

__STATIC_INLINE__ int knl_object_alloc_is_dynamic(const knl_obj_t *obj)
{
    return obj->alloc_type == KNL_OBJ_ALLOC_TYPE_DYNAMIC;
}

/* Object checks for public calls (objects keep their header in a field named knl_obj). */
#define TOS_OBJ_INIT(obj, obj_type)     knl_object_init(&(obj)->knl_obj, obj_type, KNL_OBJ_ALLOC_TYPE_STATIC)
#define TOS_OBJ_DEINIT(obj)             knl_object_deinit(&(obj)->knl_obj)

#if TOS_CFG_OBJECT_VERIFY_EN > 0u
#define TOS_OBJ_VERIFY(obj, obj_type) \
    __MACRO_BEGIN if (unlikely(!knl_object_verify(&(obj)->knl_obj, obj_type))) { return K_ERR_OBJ_INVALID; } __MACRO_END
#define TOS_OBJ_VERIFY_RC(obj, obj_type, rc) \
    __MACRO_BEGIN if (unlikely(!knl_object_verify(&(obj)->knl_obj, obj_type))) { return (rc); } __MACRO_END
#else
#define TOS_OBJ_VERIFY(obj, obj_type)
#define TOS_OBJ_VERIFY_RC(obj, obj_type, rc)
#endif

/* NULL check + type check in one. */
#define TOS_OBJ_CHECK(obj, obj_type) \
    __MACRO_BEGIN TOS_PTR_SANITY_CHECK(obj); TOS_OBJ_VERIFY(obj, obj_type); __MACRO_END
#define TOS_OBJ_CHECK_RC(obj, obj_type, rc) \
    __MACRO_BEGIN TOS_PTR_SANITY_CHECK_RC(obj, rc); TOS_OBJ_VERIFY_RC(obj, obj_type, rc); __MACRO_END

/* A static-destroy on a _dyn object or vice versa -> K_ERR_OBJ_INVALID_ALLOC_TYPE. */
#define TOS_OBJ_STATIC_CHECK(obj) \
    __MACRO_BEGIN if (unlikely(!knl_object_alloc_is_static(&(obj)->knl_obj))) { return K_ERR_OBJ_INVALID_ALLOC_TYPE; } __MACRO_END
#define TOS_OBJ_DYNAMIC_CHECK(obj) \
    __MACRO_BEGIN if (unlikely(!knl_object_alloc_is_dynamic(&(obj)->knl_obj))) { return K_ERR_OBJ_INVALID_ALLOC_TYPE; } __MACRO_END

#endif /* _TOS_KOBJ_H_ */
