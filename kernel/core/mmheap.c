/*
 * Kernel heap: a two-level segregated-fit (TLSF-class) allocator.
 *
 * Free blocks sit on one of FL x SL segregated lists: the first level splits sizes by powers of
 * two, the second level cuts each power-of-two range into SL equal slices. Two bitmaps record
 * which lists are non-empty, so finding a fitting list is a couple of find-first-set operations:
 * alloc and free are O(1). Free blocks are coalesced with their physical neighbours at once, so
 * no two free blocks are ever adjacent and a pool with nothing allocated is a single block.
 *
 * Block layout (W = sizeof(size_t) = sizeof(void *), the alignment unit):
 *
 *          +----------------+
 *          | prev_phys      |  only meaningful while the previous block is free; it then is the
 *          +----------------+  last payload word of that (free) block
 *          | word           |  payload size | tag | flags          <- the only per-block overhead
 *   ptr -> +----------------+
 *          | next_free      |  free-list links: only while free, they live in the payload
 *          | prev_free      |
 *          | ...            |
 *          +----------------+  <- next block's prev_phys
 *
 * A pool of `size` bytes at `start` is one free block whose word sits at `start`, followed by a
 * zero-size "used" sentinel at the end that stops coalescing and walks.
 *
 * Every public call masks interrupts only around the list/bitmap manipulation (O(1)); zeroing
 * (calloc) and copying (realloc that moves) run with interrupts enabled. The diagnostics
 * (pool_check, check) walk a whole pool with interrupts masked: O(blocks in the pool).
 */
#include "tos_k.h"

#if TOS_CFG_MMHEAP_EN > 0u

#if TOS_CFG_MMHEAP_POOL_SIZE_MAX > 0x40000000u
#error "TOS_CFG_MMHEAP_POOL_SIZE_MAX must be at most 1 GiB (0x40000000)"
#endif

/* ---------------------------------------------------------------------------------------------
 * Geometry, all compile-time.
 */

/* Alignment unit = pointer size. Expressed through UINTPTR_MAX so it is usable in #if. */
#if UINTPTR_MAX > 0xFFFFFFFFu
#define MMHEAP_ALIGN_LOG2       3u
#else
#define MMHEAP_ALIGN_LOG2       2u
#endif
#define MMHEAP_ALIGN            ((size_t)1u << MMHEAP_ALIGN_LOG2)

/* floor(log2(x)) for 1 <= x < 2^32 as a constant expression (valid in #if as well). */
#define MMHEAP_LOG2_2_(x)   (((x) & 0x2u) ? 1u : 0u)
#define MMHEAP_LOG2_4_(x)   (((x) & 0xCu) ? 2u + MMHEAP_LOG2_2_((x) >> 2) : MMHEAP_LOG2_2_(x))
#define MMHEAP_LOG2_8_(x)   (((x) & 0xF0u) ? 4u + MMHEAP_LOG2_4_((x) >> 4) : MMHEAP_LOG2_4_(x))
#define MMHEAP_LOG2_16_(x)  (((x) & 0xFF00u) ? 8u + MMHEAP_LOG2_8_((x) >> 8) : MMHEAP_LOG2_8_(x))
#define MMHEAP_LOG2(x)      (((x) & 0xFFFF0000u) ? 16u + MMHEAP_LOG2_16_((x) >> 16) \
                                                 : MMHEAP_LOG2_16_(x))

/* Second level: 16 slices per power of two for small heaps (keeps their control block small),
   32 otherwise (less internal fragmentation where the control block is noise). */
#if TOS_CFG_MMHEAP_POOL_SIZE_MAX <= 0x4000u
#define MMHEAP_SL_LOG2          4u
#else
#define MMHEAP_SL_LOG2          5u
#endif
#define MMHEAP_SL_COUNT         (1u << MMHEAP_SL_LOG2)

/* Sizes below MMHEAP_SMALL all live in first-level list 0, one exact size per second-level slot
   (SL_COUNT slots of MMHEAP_ALIGN bytes); from there on, first-level list i >= 1 holds
   [2^(FL_SHIFT + i - 1), 2^(FL_SHIFT + i)). */
#define MMHEAP_FL_SHIFT         (MMHEAP_SL_LOG2 + MMHEAP_ALIGN_LOG2)
#define MMHEAP_SMALL            ((size_t)1u << MMHEAP_FL_SHIFT)

/* Every block is smaller than the largest pool, so floor(log2(size)) <= MMHEAP_TOP_LOG2: that
   bounds the first level, which is what makes the control block scale with the pool size. */
#define MMHEAP_TOP_LOG2         MMHEAP_LOG2((TOS_CFG_MMHEAP_POOL_SIZE_MAX) - 1u)
#define MMHEAP_FL_COUNT         (MMHEAP_TOP_LOG2 - MMHEAP_FL_SHIFT + 2u)

#if MMHEAP_FL_COUNT < 1u || MMHEAP_FL_COUNT > 32u
#error "mmheap: first-level count out of range for the bitmap"
#endif

/* Flags in the low bits of the size word (sizes are multiples of MMHEAP_ALIGN >= 4). */
#define MMHEAP_F_FREE           ((size_t)1u)
#define MMHEAP_F_PREV_FREE      ((size_t)2u)

/* Size bits: every size is < 2^MMHEAP_SIZE_BITS. The bits above carry a tag on used blocks. */
#define MMHEAP_SIZE_BITS        (MMHEAP_TOP_LOG2 + 1u)
#define MMHEAP_SIZE_MASK        ((((size_t)1u << MMHEAP_SIZE_BITS) - 1u) & ~(MMHEAP_ALIGN - 1u))

typedef struct mmheap_blk_st mmheap_blk_t;
struct mmheap_blk_st {
    mmheap_blk_t   *prev_phys;
    size_t          word;
    mmheap_blk_t   *next_free;
    mmheap_blk_t   *prev_free;
};

_Static_assert(sizeof(size_t) == sizeof(void *), "mmheap assumes size_t is pointer-sized");
_Static_assert(MMHEAP_ALIGN == sizeof(void *), "MMHEAP_ALIGN_LOG2 does not match the pointer size");
_Static_assert(offsetof(mmheap_blk_t, word) == sizeof(void *), "unexpected block header padding");

#define MMHEAP_HDR              sizeof(size_t)                  /* overhead of a used block */
#define MMHEAP_PAYLOAD_OFS      (2u * MMHEAP_HDR)               /* block -> payload */
/* Smallest payload: it must hold the two free-list links plus the next block's prev_phys. */
#define MMHEAP_BLK_MIN          (sizeof(mmheap_blk_t) - sizeof(mmheap_blk_t *))
#define MMHEAP_BLK_MAX          ((size_t)(TOS_CFG_MMHEAP_POOL_SIZE_MAX) - 2u * MMHEAP_HDR)
/* A pool holds its first block's word, a minimal payload and the sentinel's word. */
#define MMHEAP_POOL_SIZE_MIN    (2u * MMHEAP_HDR + MMHEAP_BLK_MIN)

/* ---------------------------------------------------------------------------------------------
 * Control block. On a 32-bit target (4-byte pointers, 3 pools):
 *   TOS_CFG_MMHEAP_POOL_SIZE_MAX  8 KiB: FL 8 x SL 16  -> 4 + 32 + 512 + 4 + 24 =  576 bytes
 *   TOS_CFG_MMHEAP_POOL_SIZE_MAX 64 KiB: FL 10 x SL 32 -> 4 + 40 + 1280 + 4 + 24 = 1352 bytes
 * (measured with clang for thumbv7m; a TLSF control block sized for 1 GiB blocks is over 3 KiB).
 */
typedef struct mmheap_pool_st {
    uint8_t        *start;
    size_t          size;           /* as given to tos_mmheap_pool_add */
} mmheap_pool_t;

typedef struct mmheap_ctl_st {
    uint32_t        fl_bitmap;                      /* bit i: sl_bitmap[i] != 0 */
    uint32_t        sl_bitmap[MMHEAP_FL_COUNT];     /* bit j: free[i][j] is non-empty */
    mmheap_blk_t   *free[MMHEAP_FL_COUNT][MMHEAP_SL_COUNT];
    uint32_t        pool_cnt;
    mmheap_pool_t   pool[TOS_CFG_MMHEAP_POOL_MAX];
} mmheap_ctl_t;

static mmheap_ctl_t mmheap_ctl;

#if TOS_CFG_MMHEAP_DEFAULT_POOL_EN > 0u
extern uint8_t k_mmheap_default_pool[];
_Alignas(8) uint8_t k_mmheap_default_pool[TOS_CFG_MMHEAP_DEFAULT_POOL_SIZE];
#endif

/* ---------------------------------------------------------------------------------------------
 * Bit and block helpers. Addresses are computed through uintptr_t: the first block's header
 * starts one word before the pool, and casts from integers keep -Wcast-align quiet where the
 * layout already guarantees alignment.
 */

static inline unsigned mmheap_ffs(uint32_t x)      /* lowest set bit; x != 0 */
{
#if defined(__GNUC__) || defined(__clang__)
    return (unsigned)__builtin_ctz(x);
#else
    unsigned n = 0u;
    while ((x & 1u) == 0u) {
        x >>= 1;
        ++n;
    }
    return n;
#endif
}

static inline unsigned mmheap_fls(uint32_t x)      /* highest set bit; x != 0 */
{
#if defined(__GNUC__) || defined(__clang__)
    return 31u - (unsigned)__builtin_clz(x);
#else
    unsigned n = 0u;
    while (x >>= 1) {
        ++n;
    }
    return n;
#endif
}

static inline mmheap_blk_t *blk_at(uintptr_t addr)
{
    return (mmheap_blk_t *)addr;
}

static inline size_t blk_size(const mmheap_blk_t *blk)
{
    return blk->word & MMHEAP_SIZE_MASK;
}

static inline int blk_is_free(const mmheap_blk_t *blk)
{
    return (blk->word & MMHEAP_F_FREE) != 0u;
}

static inline void *blk_payload(const mmheap_blk_t *blk)
{
    return (void *)((uintptr_t)blk + MMHEAP_PAYLOAD_OFS);
}

static inline mmheap_blk_t *blk_next(const mmheap_blk_t *blk)
{
    /* The payload's last word is the next block's prev_phys: header W + payload further on. */
    return blk_at((uintptr_t)blk + MMHEAP_HDR + blk_size(blk));
}

/* Used blocks carry a tag derived from their address in the bits above the size, so that a
   stray pointer whose preceding word is user data (say a small integer) is very unlikely to
   look like a used block. The tag is never 0. */
static inline size_t blk_tag(const mmheap_blk_t *blk)
{
    size_t h = (size_t)((uintptr_t)blk >> MMHEAP_ALIGN_LOG2) * (size_t)0x9E3779B1u;
    h ^= h >> 15;
    return (h | 1u) << MMHEAP_SIZE_BITS;
}

static inline size_t pool_usable(const mmheap_pool_t *pool)   /* first block's payload */
{
    return (pool->size - 2u * MMHEAP_HDR) & ~(MMHEAP_ALIGN - 1u);
}

static inline mmheap_blk_t *pool_first(const mmheap_pool_t *pool)
{
    return blk_at((uintptr_t)pool->start - MMHEAP_HDR);
}

/* Size -> the list it belongs on. */
static inline void mapping(size_t size, unsigned *fl, unsigned *sl)
{
    if (size < MMHEAP_SMALL) {
        *fl = 0u;
        *sl = (unsigned)(size >> MMHEAP_ALIGN_LOG2);
    } else {
        unsigned f = mmheap_fls((uint32_t)size);
        *sl = (unsigned)(size >> (f - MMHEAP_SL_LOG2)) ^ MMHEAP_SL_COUNT;
        *fl = f - MMHEAP_FL_SHIFT + 1u;
    }
}

/* ---------------------------------------------------------------------------------------------
 * Free lists. Interrupts masked by the caller.
 */

static void list_insert(mmheap_blk_t *blk)
{
    unsigned fl, sl;
    mmheap_blk_t *head;

    mapping(blk_size(blk), &fl, &sl);
    head = mmheap_ctl.free[fl][sl];
    blk->next_free = head;
    blk->prev_free = K_NULL;
    if (head != K_NULL) {
        head->prev_free = blk;
    }
    mmheap_ctl.free[fl][sl] = blk;
    mmheap_ctl.sl_bitmap[fl] |= 1u << sl;
    mmheap_ctl.fl_bitmap |= 1u << fl;
}

static void list_remove(mmheap_blk_t *blk)
{
    unsigned fl, sl;

    mapping(blk_size(blk), &fl, &sl);
    if (blk->next_free != K_NULL) {
        blk->next_free->prev_free = blk->prev_free;
    }
    if (blk->prev_free != K_NULL) {
        blk->prev_free->next_free = blk->next_free;
    } else {
        mmheap_ctl.free[fl][sl] = blk->next_free;
        if (blk->next_free == K_NULL) {
            mmheap_ctl.sl_bitmap[fl] &= ~(1u << sl);
            if (mmheap_ctl.sl_bitmap[fl] == 0u) {
                mmheap_ctl.fl_bitmap &= ~(1u << fl);
            }
        }
    }
}

/* A free block with payload >= size, or NULL. `size` is already adjusted. */
static mmheap_blk_t *find_fit(size_t size)
{
    unsigned fl, sl;
    size_t rounded = size;
    mmheap_blk_t *blk;

    /* Good fit: round up to the next list boundary, so any block on the chosen list fits. */
    if (rounded >= MMHEAP_SMALL) {
        rounded += ((size_t)1u << (mmheap_fls((uint32_t)rounded) - MMHEAP_SL_LOG2)) - 1u;
    }
    mapping(rounded, &fl, &sl);
    if (fl < MMHEAP_FL_COUNT) {
        uint32_t sl_map = mmheap_ctl.sl_bitmap[fl] & (~0u << sl);
        if (sl_map == 0u) {
            uint32_t fl_map = (fl + 1u < 32u) ? (mmheap_ctl.fl_bitmap & (~0u << (fl + 1u))) : 0u;
            if (fl_map != 0u) {
                fl = mmheap_ffs(fl_map);
                sl_map = mmheap_ctl.sl_bitmap[fl];
            }
        }
        if (sl_map != 0u) {
            return mmheap_ctl.free[fl][mmheap_ffs(sl_map)];
        }
    }

    /* Rounding skips the request's own list; its head may still fit (e.g. a request for a
       whole, untouched pool). Still O(1): only the head is looked at. */
    mapping(size, &fl, &sl);
    blk = mmheap_ctl.free[fl][sl];
    if (blk != K_NULL && blk_size(blk) >= size) {
        return blk;
    }
    return K_NULL;
}

/* ---------------------------------------------------------------------------------------------
 * Block state changes. Interrupts masked by the caller.
 */

/* `blk` is free (FREE set, PREV_FREE correct, its predecessor used) and on no list: merge it
   with a free successor, tell the successor, and list it. */
static void blk_release(mmheap_blk_t *blk)
{
    mmheap_blk_t *next = blk_next(blk);

    if (blk_is_free(next)) {
        list_remove(next);
        blk->word += MMHEAP_HDR + blk_size(next);   /* free words carry no tag: plain add */
        next = blk_next(blk);
    }
    next->prev_phys = blk;
    next->word |= MMHEAP_F_PREV_FREE;
    list_insert(blk);
}

/* Make `blk` (on no list, payload >= req) a used block of payload `req`; a tail large enough
   to be a block is split off and released. */
static void blk_commit(mmheap_blk_t *blk, size_t req)
{
    size_t size = blk_size(blk);
    size_t prev_free = blk->word & MMHEAP_F_PREV_FREE;

    if (size >= req + MMHEAP_HDR + MMHEAP_BLK_MIN) {
        mmheap_blk_t *rest = blk_at((uintptr_t)blk + MMHEAP_HDR + req);

        blk->word = req | blk_tag(blk) | prev_free;
        rest->word = (size - req - MMHEAP_HDR) | MMHEAP_F_FREE;
        blk_release(rest);
    } else {
        blk->word = size | blk_tag(blk) | prev_free;
        blk_next(blk)->word &= ~MMHEAP_F_PREV_FREE;
    }
}

static mmheap_pool_t *pool_find(const void *start)
{
    uint32_t i;

    for (i = 0u; i < mmheap_ctl.pool_cnt; ++i) {
        if (mmheap_ctl.pool[i].start == (const uint8_t *)start) {
            return &mmheap_ctl.pool[i];
        }
    }
    return K_NULL;
}

/*
 * The block of a live allocation `ptr`, or NULL if `ptr` is not one. Checks, in order:
 *   - MMHEAP_ALIGN-aligned and inside a registered pool's block area   (O(pools), pools <= 32)
 *   - the size word is exactly "used, size, this address's tag": rejects free blocks (hence
 *     double frees), reserved bits, and almost all interior pointers                  (O(1))
 *   - the size is at least the minimum and the block ends inside the pool             (O(1))
 *   - the next block is the sentinel (word 0), or a well-formed header inside the pool
 *     (free: no tag; used: its own tag) that does not believe its predecessor is free (O(1))
 *   - if the block says its predecessor is free: prev_phys points inside the pool, below
 *     the block, at a free block that ends exactly here                               (O(1))
 * A previous block that is in use cannot be located, so it is not checked. What the O(1)
 * checks cannot rule out: user data that happens to contain two consistent tagged headers
 * (about 2^-20 for random data on 32-bit with pools up to 1 MiB, far less on 64-bit; the tag
 * has 32 - 1 - log2(TOS_CFG_MMHEAP_POOL_SIZE_MAX) bits of entropy), and a stale pointer to
 * an address where a new block has since been allocated (that block is then freed).
 */
static mmheap_blk_t *blk_of_ptr(const void *ptr)
{
    uintptr_t p = (uintptr_t)ptr;
    const mmheap_pool_t *pool = K_NULL;
    uintptr_t lo = 0u, hi = 0u;
    mmheap_blk_t *blk, *next;
    size_t word, size, nword;
    uint32_t i;

    if ((p & (MMHEAP_ALIGN - 1u)) != 0u) {
        return K_NULL;
    }
    for (i = 0u; i < mmheap_ctl.pool_cnt; ++i) {
        const mmheap_pool_t *cand = &mmheap_ctl.pool[i];
        uintptr_t first = (uintptr_t)cand->start + MMHEAP_HDR;          /* first payload */
        uintptr_t end = (uintptr_t)cand->start + MMHEAP_HDR + pool_usable(cand); /* sentinel word */

        if (p >= first && p < end) {
            pool = cand;
            lo = first;
            hi = end;
            break;
        }
    }
    if (pool == K_NULL) {
        return K_NULL;
    }

    blk = blk_at(p - MMHEAP_PAYLOAD_OFS);
    word = blk->word;
    size = word & MMHEAP_SIZE_MASK;
    if ((word & ~MMHEAP_F_PREV_FREE) != (size | blk_tag(blk))) {
        return K_NULL;
    }
    if (size < MMHEAP_BLK_MIN || size > hi - p) {
        return K_NULL;
    }
    next = blk_next(blk);
    nword = next->word;
    if (p + size == hi) {                       /* the next block is the sentinel */
        if (nword != 0u) {
            return K_NULL;
        }
    } else {
        size_t nsize = nword & MMHEAP_SIZE_MASK;

        if (nsize < MMHEAP_BLK_MIN || nsize > hi - (uintptr_t)blk_payload(next)) {
            return K_NULL;
        }
        if (nword != (nsize | (blk_is_free(next) ? MMHEAP_F_FREE : blk_tag(next)))) {
            return K_NULL;
        }
    }
    if ((word & MMHEAP_F_PREV_FREE) != 0u) {
        uintptr_t q = (uintptr_t)blk->prev_phys;

        if (p == lo || (q & (MMHEAP_ALIGN - 1u)) != 0u || q < lo - MMHEAP_PAYLOAD_OFS ||
            q >= (uintptr_t)blk) {
            return K_NULL;
        }
        if (!blk_is_free(blk->prev_phys) || blk_next(blk->prev_phys) != blk) {
            return K_NULL;
        }
    }
    return blk;
}

/* Request size -> payload size actually handed out; 0 if it can never be satisfied. */
static size_t adjust_size(size_t size)
{
    if (size == 0u || size > MMHEAP_BLK_MAX) {
        return 0u;
    }
    size = (size + MMHEAP_ALIGN - 1u) & ~(MMHEAP_ALIGN - 1u);
    return size < MMHEAP_BLK_MIN ? MMHEAP_BLK_MIN : size;
}

/* Sum payload bytes of one pool. Interrupts masked by the caller. */
static void pool_walk(const mmheap_pool_t *pool, uint32_t *used, uint32_t *free_bytes)
{
    const mmheap_blk_t *blk = pool_first(pool);
    size_t size;

    while ((size = blk_size(blk)) != 0u) {
        if (blk_is_free(blk)) {
            *free_bytes += (uint32_t)size;
        } else {
            *used += (uint32_t)size;
        }
        blk = blk_next(blk);
    }
}

/* ---------------------------------------------------------------------------------------------
 * Public API.
 */

__KNL__ k_err_t mmheap_init(void)
{
    TOS_CPU_CPSR_ALLOC();

    /* Forget every pool and list (all-zero is K_NULL and empty bitmaps). The kernel may be
       re-initialised, so nothing from a previous run may survive. */
    TOS_CPU_INT_DISABLE();
    memset(&mmheap_ctl, 0, sizeof(mmheap_ctl));
    TOS_CPU_INT_ENABLE();

#if TOS_CFG_MMHEAP_DEFAULT_POOL_EN > 0u
    return tos_mmheap_pool_add(k_mmheap_default_pool, TOS_CFG_MMHEAP_DEFAULT_POOL_SIZE);
#else
    return K_ERR_NONE;
#endif
}

__API__ k_err_t tos_mmheap_pool_add(void *pool_start, size_t pool_size)
{
    TOS_CPU_CPSR_ALLOC();
    uintptr_t start = (uintptr_t)pool_start;
    mmheap_blk_t *blk;
    mmheap_pool_t *pool;
    uint32_t i;

    TOS_PTR_SANITY_CHECK(pool_start);
    if ((start & (MMHEAP_ALIGN - 1u)) != 0u) {
        return K_ERR_MMHEAP_INVALID_POOL_ADDR;
    }
    if (pool_size < MMHEAP_POOL_SIZE_MIN || pool_size > (size_t)(TOS_CFG_MMHEAP_POOL_SIZE_MAX)) {
        return K_ERR_MMHEAP_INVALID_POOL_SIZE;
    }
    if (UINTPTR_MAX - start < pool_size) {              /* wraps the address space */
        return K_ERR_MMHEAP_INVALID_POOL_ADDR;
    }

    TOS_CPU_INT_DISABLE();
    if (mmheap_ctl.pool_cnt >= TOS_CFG_MMHEAP_POOL_MAX) {
        TOS_CPU_INT_ENABLE();
        return K_ERR_MMHEAP_POOL_OVERFLOW;
    }
    if (pool_find(pool_start) != K_NULL) {
        TOS_CPU_INT_ENABLE();
        return K_ERR_MMHEAP_POOL_ALREADY_EXIST;
    }
    for (i = 0u; i < mmheap_ctl.pool_cnt; ++i) {
        uintptr_t s = (uintptr_t)mmheap_ctl.pool[i].start;

        if (start < s + mmheap_ctl.pool[i].size && s < start + pool_size) {
            TOS_CPU_INT_ENABLE();
            return K_ERR_MMHEAP_INVALID_POOL_ADDR;
        }
    }

    pool = &mmheap_ctl.pool[mmheap_ctl.pool_cnt];
    pool->start = (uint8_t *)pool_start;
    pool->size = pool_size;

    /* One free block over everything, then the zero-size used sentinel. */
    blk = pool_first(pool);
    blk->word = pool_usable(pool) | MMHEAP_F_FREE;
    blk_next(blk)->word = 0u;
    blk_release(blk);
    ++mmheap_ctl.pool_cnt;
    TOS_CPU_INT_ENABLE();
    return K_ERR_NONE;
}

__API__ k_err_t tos_mmheap_pool_rmv(void *pool_start)
{
    TOS_CPU_CPSR_ALLOC();
    mmheap_pool_t *pool;
    mmheap_blk_t *blk;
    uint32_t i;

    TOS_PTR_SANITY_CHECK(pool_start);

    TOS_CPU_INT_DISABLE();
    pool = pool_find(pool_start);
    if (pool == K_NULL) {
        TOS_CPU_INT_ENABLE();
        return K_ERR_MMHEAP_POOL_NOT_EXIST;
    }
    /* Coalescing keeps a pool with nothing allocated as one free block. */
    blk = pool_first(pool);
    if (!blk_is_free(blk) || blk_size(blk) != pool_usable(pool)) {
        TOS_CPU_INT_ENABLE();
        return K_ERR_MMHEAP_INVALID_POOL_ADDR;
    }
    list_remove(blk);
    for (i = (uint32_t)(pool - mmheap_ctl.pool); i + 1u < mmheap_ctl.pool_cnt; ++i) {
        mmheap_ctl.pool[i] = mmheap_ctl.pool[i + 1u];
    }
    --mmheap_ctl.pool_cnt;
    TOS_CPU_INT_ENABLE();
    return K_ERR_NONE;
}

__API__ void *tos_mmheap_alloc(size_t size)
{
    TOS_CPU_CPSR_ALLOC();
    size_t req = adjust_size(size);
    mmheap_blk_t *blk;

    if (req == 0u) {
        return K_NULL;
    }
    TOS_CPU_INT_DISABLE();
    blk = find_fit(req);
    if (blk != K_NULL) {
        list_remove(blk);
        blk_commit(blk, req);
    }
    TOS_CPU_INT_ENABLE();
    return blk != K_NULL ? blk_payload(blk) : K_NULL;
}

__API__ void *tos_mmheap_calloc(size_t num, size_t size)
{
    void *ptr;

    if (size != 0u && num > SIZE_MAX / size) {
        return K_NULL;
    }
    ptr = tos_mmheap_alloc(num * size);
    if (ptr != K_NULL) {
        memset(ptr, 0, num * size);         /* outside the critical section */
    }
    return ptr;
}

__API__ void *tos_mmheap_aligned_alloc(size_t size, size_t align)
{
    TOS_CPU_CPSR_ALLOC();
    /* A leading gap must itself be a block: header plus minimal payload. */
    const size_t gap_min = MMHEAP_HDR + MMHEAP_BLK_MIN;
    size_t req;
    mmheap_blk_t *blk;

    if (align == 0u || (align & (align - 1u)) != 0u) {
        return K_NULL;
    }
    if (align <= MMHEAP_ALIGN) {
        return tos_mmheap_alloc(size);
    }
    req = adjust_size(size);
    if (req == 0u || align > MMHEAP_BLK_MAX || req + align + gap_min > MMHEAP_BLK_MAX) {
        return K_NULL;
    }

    TOS_CPU_INT_DISABLE();
    /* Room for the request wherever the block starts: the gap never exceeds align + gap_min. */
    blk = find_fit(req + align + gap_min);
    if (blk != K_NULL) {
        uintptr_t p = (uintptr_t)blk_payload(blk);
        uintptr_t aligned = (p + align - 1u) & ~(uintptr_t)(align - 1u);
        size_t gap = (size_t)(aligned - p);

        list_remove(blk);
        if (gap != 0u && gap < gap_min) {
            aligned = (p + gap_min + align - 1u) & ~(uintptr_t)(align - 1u);
            gap = (size_t)(aligned - p);
        }
        if (gap != 0u) {
            /* Keep the gap as a free block in front; blk's predecessor is used (blk was free),
               so the gap cannot merge backwards. */
            mmheap_blk_t *lead = blk;
            size_t size_all = blk_size(blk);

            blk = blk_at((uintptr_t)lead + gap);
            blk->word = (size_all - gap) | MMHEAP_F_PREV_FREE;
            blk->prev_phys = lead;
            lead->word = (gap - MMHEAP_HDR) | MMHEAP_F_FREE;
            list_insert(lead);
        }
        blk_commit(blk, req);
    }
    TOS_CPU_INT_ENABLE();
    return blk != K_NULL ? blk_payload(blk) : K_NULL;
}

__API__ void *tos_mmheap_realloc(void *ptr, size_t size)
{
    TOS_CPU_CPSR_ALLOC();
    mmheap_blk_t *blk, *next;
    size_t req, cur;
    void *fresh;

    if (ptr == K_NULL) {
        return tos_mmheap_alloc(size);
    }
    if (size == 0u) {
        tos_mmheap_free(ptr);
        return K_NULL;
    }
    req = adjust_size(size);
    if (req == 0u) {
        return K_NULL;
    }

    TOS_CPU_INT_DISABLE();
    blk = blk_of_ptr(ptr);
    if (blk == K_NULL) {
        TOS_CPU_INT_ENABLE();
        return K_NULL;
    }
    cur = blk_size(blk);
    if (req <= cur) {                               /* shrink (or same): split off the tail */
        blk_commit(blk, req);
        TOS_CPU_INT_ENABLE();
        return ptr;
    }
    next = blk_next(blk);
    if (blk_is_free(next) && cur + MMHEAP_HDR + blk_size(next) >= req) {
        /* Grow in place: swallow the free successor, then give back what is not needed. */
        list_remove(next);
        blk->word = (cur + MMHEAP_HDR + blk_size(next)) | (blk->word & MMHEAP_F_PREV_FREE);
        blk_commit(blk, req);
        TOS_CPU_INT_ENABLE();
        return ptr;
    }
    TOS_CPU_INT_ENABLE();

    /* Move. The caller owns ptr, so it stays valid while interrupts are enabled. */
    fresh = tos_mmheap_alloc(size);
    if (fresh == K_NULL) {
        return K_NULL;
    }
    memcpy(fresh, ptr, cur);
    tos_mmheap_free(ptr);
    return fresh;
}

__API__ void tos_mmheap_free(void *ptr)
{
    TOS_CPU_CPSR_ALLOC();
    mmheap_blk_t *blk;

    if (ptr == K_NULL) {
        return;
    }
    TOS_CPU_INT_DISABLE();
    blk = blk_of_ptr(ptr);
    if (blk != K_NULL) {
        /* Mark free first: if this header is swallowed by its predecessor, the stale word still
           says "free", so a second free of ptr is refused. */
        blk->word = blk_size(blk) | MMHEAP_F_FREE | (blk->word & MMHEAP_F_PREV_FREE);
        if ((blk->word & MMHEAP_F_PREV_FREE) != 0u) {
            mmheap_blk_t *prev = blk->prev_phys;

            list_remove(prev);
            prev->word += MMHEAP_HDR + blk_size(blk);
            blk = prev;
        }
        blk_release(blk);
    }
    TOS_CPU_INT_ENABLE();
}

__API__ k_err_t tos_mmheap_pool_check(void *pool_start, k_mmheap_info_t *info)
{
    TOS_CPU_CPSR_ALLOC();
    const mmheap_pool_t *pool;
    uint32_t used = 0u, free_bytes = 0u;

    TOS_PTR_SANITY_CHECK(pool_start);
    TOS_PTR_SANITY_CHECK(info);

    TOS_CPU_INT_DISABLE();
    pool = pool_find(pool_start);
    if (pool == K_NULL) {
        TOS_CPU_INT_ENABLE();
        return K_ERR_MMHEAP_POOL_NOT_EXIST;
    }
    pool_walk(pool, &used, &free_bytes);
    TOS_CPU_INT_ENABLE();

    info->used = used;
    info->free = free_bytes;
    return K_ERR_NONE;
}

__API__ k_err_t tos_mmheap_check(k_mmheap_info_t *info)
{
    TOS_CPU_CPSR_ALLOC();
    uint32_t used = 0u, free_bytes = 0u;
    uint32_t i;

    TOS_PTR_SANITY_CHECK(info);

    /* One pool per critical section keeps each masked stretch to one pool's walk (a pool
       added or removed meanwhile may or may not be counted). */
    for (i = 0u; ; ++i) {
        TOS_CPU_INT_DISABLE();
        if (i >= mmheap_ctl.pool_cnt) {
            TOS_CPU_INT_ENABLE();
            break;
        }
        pool_walk(&mmheap_ctl.pool[i], &used, &free_bytes);
        TOS_CPU_INT_ENABLE();
    }

    info->used = used;
    info->free = free_bytes;
    return K_ERR_NONE;
}

#endif /* TOS_CFG_MMHEAP_EN > 0u */
