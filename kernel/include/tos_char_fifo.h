/*
 * Character FIFO: a ring queue of bytes, for ISR-to-task byte streams (UART receive). ISR-safe.
 */
#ifndef _TOS_CHAR_FIFO_H_
#define _TOS_CHAR_FIFO_H_

typedef struct k_char_fifo_st {
    knl_obj_t   knl_obj;
    k_ring_q_t  ring_q;
} k_chr_fifo_t;

/** @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_RING_Q_FULL (size 0). */
__API__ k_err_t tos_chr_fifo_create(k_chr_fifo_t *chr_fifo, void *buffer, size_t size);
__API__ k_err_t tos_chr_fifo_destroy(k_chr_fifo_t *chr_fifo);

#if TOS_CFG_MMHEAP_EN > 0u
/** Buffer from the kernel heap. @return as create, plus K_ERR_OUT_OF_MEMORY. */
__API__ k_err_t tos_chr_fifo_create_dyn(k_chr_fifo_t *chr_fifo, size_t fifo_size);
__API__ k_err_t tos_chr_fifo_destroy_dyn(k_chr_fifo_t *chr_fifo);
#endif

/** @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID; K_ERR_RING_Q_FULL. */
__API__ k_err_t tos_chr_fifo_push(k_chr_fifo_t *chr_fifo, uint8_t data);

/** Push up to `size` bytes; @return how many were pushed (0 for a bad fifo or stream). */
__API__ int     tos_chr_fifo_push_stream(k_chr_fifo_t *chr_fifo, uint8_t *stream, size_t size);

/** @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID; K_ERR_RING_Q_EMPTY. */
__API__ k_err_t tos_chr_fifo_pop(k_chr_fifo_t *chr_fifo, uint8_t *out);

/** Pop up to `size` bytes; @return how many were popped (0 for a bad fifo or buffer). */
__API__ int     tos_chr_fifo_pop_stream(k_chr_fifo_t *chr_fifo, uint8_t *buffer, size_t size);

/** Drop every byte. @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID. */
__API__ k_err_t tos_chr_fifo_flush(k_chr_fifo_t *chr_fifo);
/** @return K_TRUE/K_FALSE; K_FALSE for a NULL or invalid fifo. */
__API__ int     tos_chr_fifo_is_empty(k_chr_fifo_t *chr_fifo);
__API__ int     tos_chr_fifo_is_full(k_chr_fifo_t *chr_fifo);

#endif /* _TOS_CHAR_FIFO_H_ */
