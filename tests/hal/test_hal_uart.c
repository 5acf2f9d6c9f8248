/*
 * HAL UART on the board: loopback transfers with their line timing, blocking and callbacks,
 * flow control into a small buffer, the scripted far end, and every error the calls document.
 */
#include <string.h>

#include "hal_test.h"

/* when the n-th back-to-back character has finished, at `baud` 8N1 */
static uint64_t frames_ns(uint64_t n, uint32_t baud)
{
    return (n * 10u * 1000000000ull + baud - 1u) / baud;
}

static k_task_t writer_task;
KTEST_STACK(writer_stack);

static const char *writer_data;
static size_t writer_len;
static int writer_result;

static void writer_entry(void *arg)
{
    (void)arg;
    writer_result = hal_uart_write(HAL_TEST_UART_LOOP, writer_data, writer_len,
                                   HAL_WAIT_FOREVER);
}

KTEST(hal_uart, a_task_writes_and_another_reads_back_through_the_loop)
{
    static const char msg[] = "hello, sprig";
    char got[32];
    size_t n = 0;

    KT_ASSERT_EQ(hal_uart_open(HAL_TEST_UART_LOOP, NULL), HAL_OK);
    uint64_t t0 = hal_test_now_ns();
    writer_data = msg;
    writer_len = strlen(msg);
    ktest_task_create(&writer_task, "writer", writer_entry, NULL, KTEST_MAIN_PRIO + 1u,
                      writer_stack);
    while (n < strlen(msg)) {
        int r = hal_uart_read(HAL_TEST_UART_LOOP, got + n, sizeof got - n, 1000u);
        KT_ASSERT_GT(r, 0);
        n += (size_t)r;
    }
    /* the last character arrived when its stop bit had been sent */
    KT_ASSERT_EQ(hal_test_now_ns() - t0, frames_ns(strlen(msg), 115200u));
    got[n] = '\0';
    KT_ASSERT_STR_EQ(got, msg);
    KT_ASSERT_EQ(writer_result, (int)strlen(msg));
    KT_ASSERT_EQ(hal_uart_close(HAL_TEST_UART_LOOP), HAL_OK);
}

KTEST(hal_uart, write_blocks_while_the_fifo_is_full_and_flush_waits_for_the_wire)
{
    static char block[64];
    hal_uart_config_t cfg = HAL_UART_CONFIG_DEFAULT;
    cfg.baud = 9600u;
    memset(block, 'z', sizeof block);
    KT_ASSERT_EQ(hal_uart_open(HAL_TEST_UART_LOOP, &cfg), HAL_OK);
    /* nobody reads: with a 16-character FIFO the 64th character goes in when the 48th has
       left; flow control keeps the rest of the loop waiting, nothing is lost */
    uint64_t t0 = hal_test_now_ns();
    KT_ASSERT_EQ(hal_uart_write(HAL_TEST_UART_LOOP, block, sizeof block, HAL_WAIT_FOREVER), 64);
    KT_ASSERT_EQ(hal_test_now_ns() - t0, frames_ns(48, 9600u));
    KT_ASSERT_EQ(hal_uart_flush(HAL_TEST_UART_LOOP, HAL_WAIT_FOREVER), HAL_OK);
    KT_ASSERT_EQ(hal_test_now_ns() - t0, frames_ns(64, 9600u));
    /* a flush of an idle line returns at once; a short timeout on a busy one times out */
    KT_ASSERT_EQ(hal_uart_flush(HAL_TEST_UART_LOOP, 0u), HAL_OK);
    KT_ASSERT_EQ(hal_uart_write(HAL_TEST_UART_LOOP, block, 16u, HAL_NO_WAIT), 16);
    KT_ASSERT_EQ(hal_uart_flush(HAL_TEST_UART_LOOP, 2u), HAL_ETIMEOUT);    /* 16.7 ms needed */
    KT_ASSERT_EQ(hal_uart_flush(HAL_TEST_UART_LOOP, HAL_WAIT_FOREVER), HAL_OK);
    tos_sleep_ms(1u);   /* the loop's receiver completes the last character at that instant */
    KT_ASSERT_EQ(hal_uart_rx_available(HAL_TEST_UART_LOOP), 64 + 16);
}

static uint64_t done_at;
static int done_calls;
static int done_in_isr;

static void tx_done(void *arg)
{
    (void)arg;
    done_at = hal_test_now_ns();
    done_calls++;
    done_in_isr = knl_is_inirq();
}

KTEST(hal_uart, the_tx_done_callback_runs_in_the_isr_when_the_line_goes_idle)
{
    done_calls = 0;
    KT_ASSERT_EQ(hal_uart_open(HAL_TEST_UART_LOOP, NULL), HAL_OK);
    KT_ASSERT_EQ(hal_uart_set_tx_done_callback(HAL_TEST_UART_LOOP, tx_done, NULL), HAL_OK);
    uint64_t t0 = hal_test_now_ns();
    KT_ASSERT_EQ(hal_uart_write(HAL_TEST_UART_LOOP, "12345", 5u, HAL_WAIT_FOREVER), 5);
    tos_sleep_ms(20u);
    KT_ASSERT_EQ(done_calls, 1);
    KT_ASSERT_EQ(done_at - t0, frames_ns(5, 115200u));
    KT_ASSERT(done_in_isr);
}

static char rx_seen[16];
static size_t rx_seen_len;
static int rx_in_isr;

static void rx_chunk(void *arg, const uint8_t *data, size_t len)
{
    (void)arg;
    for (size_t i = 0; i < len && rx_seen_len < sizeof rx_seen - 1u; i++) {
        rx_seen[rx_seen_len++] = (char)data[i];
    }
    rx_in_isr = knl_is_inirq();
}

KTEST(hal_uart, an_rx_callback_takes_the_input_in_the_isr)
{
    char buf[4];
    rx_seen_len = 0;
    memset(rx_seen, 0, sizeof rx_seen);
    KT_ASSERT_EQ(hal_uart_open(HAL_TEST_UART_LOOP, NULL), HAL_OK);
    KT_ASSERT_EQ(hal_uart_set_rx_callback(HAL_TEST_UART_LOOP, rx_chunk, NULL), HAL_OK);
    KT_ASSERT_EQ(hal_uart_write(HAL_TEST_UART_LOOP, "abc", 3u, HAL_WAIT_FOREVER), 3);
    tos_sleep_ms(5u);
    KT_ASSERT_STR_EQ(rx_seen, "abc");
    KT_ASSERT(rx_in_isr);
    KT_ASSERT_EQ(hal_uart_read(HAL_TEST_UART_LOOP, buf, sizeof buf, 0u), HAL_ESTATE);
    KT_ASSERT_EQ(hal_uart_set_rx_callback(HAL_TEST_UART_LOOP, NULL, NULL), HAL_OK);
    KT_ASSERT_EQ(hal_uart_write(HAL_TEST_UART_LOOP, "d", 1u, HAL_WAIT_FOREVER), 1);
    KT_ASSERT_EQ(hal_uart_read(HAL_TEST_UART_LOOP, buf, sizeof buf, 100u), 1);
    KT_ASSERT_EQ(buf[0], 'd');
}

KTEST(hal_uart, a_read_times_out_after_its_timeout_in_kernel_time)
{
    char buf[4];
    KT_ASSERT_EQ(hal_uart_open(HAL_TEST_UART_LOOP, NULL), HAL_OK);
    k_tick_t t0 = tos_systick_get();
    KT_ASSERT_EQ(hal_uart_read(HAL_TEST_UART_LOOP, buf, sizeof buf, 50u), 0);
    KT_ASSERT_EQ(tos_systick_get() - t0, 50);
    KT_ASSERT_EQ(hal_uart_read(HAL_TEST_UART_LOOP, buf, sizeof buf, HAL_NO_WAIT), 0);
}

static k_task_t reader_task;
KTEST_STACK(reader_stack);
static char slow_got[128];
static size_t slow_len;

static void slow_reader(void *arg)
{
    (void)arg;
    while (slow_len < 100u) {
        int r = hal_uart_read(HAL_TEST_UART_LOOP, slow_got + slow_len, 3u, 1000u);
        if (r <= 0) {
            return;
        }
        slow_len += (size_t)r;
        tos_sleep_ms(10u);
    }
}

KTEST(hal_uart, a_slow_reader_with_a_small_buffer_loses_nothing)
{
    static uint8_t small[8];
    static char sent[100];
    hal_uart_config_t cfg = HAL_UART_CONFIG_DEFAULT;
    cfg.rx_buf = small;
    cfg.rx_buf_size = sizeof small;
    for (size_t i = 0; i < sizeof sent; i++) {
        sent[i] = (char)('!' + i % 90u);
    }
    slow_len = 0;
    KT_ASSERT_EQ(hal_uart_open(HAL_TEST_UART_LOOP, &cfg), HAL_OK);
    ktest_task_create(&reader_task, "reader", slow_reader, NULL, KTEST_MAIN_PRIO - 1u,
                      reader_stack);
    KT_ASSERT_EQ(hal_uart_write(HAL_TEST_UART_LOOP, sent, sizeof sent, HAL_WAIT_FOREVER), 100);
    while (slow_len < 100u) {
        tos_sleep_ms(50u);
    }
    KT_ASSERT_EQ(memcmp(slow_got, sent, sizeof sent), 0);
}

KTEST(hal_uart, the_far_end_of_a_file_backed_port_sends_its_script_and_records_replies)
{
    char got[64];
    char out_before[256];
    char out_after[256];
    const char *script = hal_test_uart_far_input();
    size_t n = 0;

    size_t before = hal_test_uart_far_output(out_before, sizeof out_before);
    KT_ASSERT_EQ(hal_uart_open(HAL_TEST_UART_FAR, NULL), HAL_OK);
    while (n < strlen(script)) {
        int r = hal_uart_read(HAL_TEST_UART_FAR, got + n, sizeof got - 1u - n, 1000u);
        KT_ASSERT_GT(r, 0);
        n += (size_t)r;
    }
    got[n] = '\0';
    KT_ASSERT_STR_EQ(got, script);
    KT_ASSERT_EQ(hal_uart_write(HAL_TEST_UART_FAR, "ack\n", 4u, HAL_WAIT_FOREVER), 4);
    KT_ASSERT_EQ(hal_uart_flush(HAL_TEST_UART_FAR, HAL_WAIT_FOREVER), HAL_OK);
    size_t after = hal_test_uart_far_output(out_after, sizeof out_after);
    KT_ASSERT_EQ(after, before + 4u);
    KT_ASSERT_STR_EQ(out_after + before, "ack\n");
}

static int isr_write_result;
static int isr_read_result;

static void calls_from_an_isr(void)
{
    char c;
    tos_knl_irq_enter();
    isr_write_result = hal_uart_write(HAL_TEST_UART_LOOP, "x", 1u, HAL_WAIT_FOREVER);
    isr_read_result = hal_uart_read(HAL_TEST_UART_LOOP, &c, 1u, 10u);
    tos_knl_irq_leave();
}

static void second_reader(void *arg)
{
    char c;
    (void)arg;
    (void)hal_uart_read(HAL_TEST_UART_LOOP, &c, 1u, 100u);
}

KTEST(hal_uart, every_documented_error)
{
    hal_uart_config_t cfg = HAL_UART_CONFIG_DEFAULT;
    char c;
    KT_ASSERT_EQ(hal_uart_open(HAL_UART_COUNT, NULL), HAL_ENODEV);
    KT_ASSERT_EQ(hal_uart_write(HAL_TEST_UART_LOOP, "x", 1u, 0u), HAL_ESTATE);
    KT_ASSERT_EQ(hal_uart_read(HAL_TEST_UART_LOOP, &c, 1u, 0u), HAL_ESTATE);
    KT_ASSERT_EQ(hal_uart_close(HAL_TEST_UART_LOOP), HAL_ESTATE);
    cfg.baud = HAL_UART_BAUD_MAX + 1u;
    KT_ASSERT_EQ(hal_uart_open(HAL_TEST_UART_LOOP, &cfg), HAL_EINVAL);
    cfg.baud = 0u;
    cfg.stop_bits = 3u;
    KT_ASSERT_EQ(hal_uart_open(HAL_TEST_UART_LOOP, &cfg), HAL_EINVAL);
    cfg.stop_bits = 2u;
    cfg.rx_buf = (uint8_t *)&c;
    cfg.rx_buf_size = 0u;
    KT_ASSERT_EQ(hal_uart_open(HAL_TEST_UART_LOOP, &cfg), HAL_EINVAL);
    KT_ASSERT_EQ(hal_uart_open(HAL_TEST_UART_LOOP, NULL), HAL_OK);
    KT_ASSERT_EQ(hal_uart_open(HAL_TEST_UART_LOOP, NULL), HAL_ESTATE);
    KT_ASSERT_EQ(hal_uart_write(HAL_TEST_UART_LOOP, NULL, 1u, 0u), HAL_EINVAL);
    KT_ASSERT_EQ(hal_uart_read(HAL_TEST_UART_LOOP, NULL, 1u, 0u), HAL_EINVAL);
    KT_ASSERT_EQ(hal_uart_write(HAL_TEST_UART_LOOP, "x", 0u, 0u), 0);

    /* blocking calls from an ISR */
    ktest_irq_connect(0, calls_from_an_isr, 0x40u);
    ktest_irq_raise(0);
    KT_ASSERT_EQ(isr_write_result, HAL_ECONTEXT);
    KT_ASSERT_EQ(isr_read_result, HAL_ECONTEXT);

    /* one waiting reader at a time; no close while it waits */
    ktest_task_create(&reader_task, "reader", second_reader, NULL, KTEST_MAIN_PRIO - 1u,
                      reader_stack);
    KT_ASSERT_EQ(hal_uart_read(HAL_TEST_UART_LOOP, &c, 1u, 10u), HAL_EBUSY);
    KT_ASSERT_EQ(hal_uart_close(HAL_TEST_UART_LOOP), HAL_EBUSY);
    KT_ASSERT_EQ(hal_uart_set_rx_callback(HAL_TEST_UART_LOOP, rx_chunk, NULL), HAL_EBUSY);
    tos_sleep_ms(200u);         /* the reader timed out and left */
    KT_ASSERT_EQ(hal_uart_close(HAL_TEST_UART_LOOP), HAL_OK);
    KT_ASSERT_STR_EQ(hal_strerror(HAL_ENOTERASED),
                     "not erased: programming can only clear bits (1 -> 0); erase the sector first");
}
