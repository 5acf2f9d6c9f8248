/*
 * HAL SPI, timers and RNG on the board.
 */
#include <string.h>

#include "hal_test.h"

KTEST(hal_spi, a_full_duplex_transfer_takes_its_clock_time)
{
    hal_spi_config_t cfg = { 4000000u, 0u };
    const uint8_t tx[4] = { 0x00, 0x0F, 0xA5, 0xFF };
    uint8_t rx[4] = { 0 };
    hal_test_spi_attach_complement(0, 1);
    KT_ASSERT_EQ(hal_spi_open(0, &cfg), HAL_OK);
    uint64_t t0 = hal_test_now_ns();
    KT_ASSERT_EQ(hal_spi_transfer(0, 1, tx, rx, sizeof tx, 0u, HAL_WAIT_FOREVER), 4);
    KT_ASSERT_EQ(hal_test_now_ns() - t0, 8000u);            /* 32 bits at 4 MHz */
    KT_ASSERT_EQ(rx[0], 0xFF);
    KT_ASSERT_EQ(rx[1], 0xF0);
    KT_ASSERT_EQ(rx[2], 0x5A);
    KT_ASSERT_EQ(rx[3], 0x00);
    /* nothing on chip select 2: MISO reads 0xFF; tx NULL sends 0xFF */
    KT_ASSERT_EQ(hal_spi_transfer(0, 2, NULL, rx, 2u, 0u, HAL_WAIT_FOREVER), 2);
    KT_ASSERT_EQ(rx[0], 0xFF);
    KT_ASSERT_EQ(hal_spi_close(0), HAL_OK);
}

static k_task_t other_task;
KTEST_STACK(other_stack);
static int other_result;
static uint64_t other_done_at;

static void other_user(void *arg)
{
    uint8_t b = 0x11;
    (void)arg;
    other_result = hal_spi_transfer(0, 0, &b, NULL, 1u, 0u, HAL_WAIT_FOREVER);
    other_done_at = hal_test_now_ns();
}

KTEST(hal_spi, a_held_chip_select_keeps_the_bus_until_released)
{
    uint8_t b = 0;
    KT_ASSERT_EQ(hal_spi_open(0, NULL), HAL_OK);
    KT_ASSERT_EQ(hal_spi_transfer(0, 1, &b, NULL, 1u, HAL_SPI_HOLD_CS, HAL_WAIT_FOREVER), 1);
    other_result = -100;
    ktest_task_create(&other_task, "other", other_user, NULL, KTEST_MAIN_PRIO - 1u, other_stack);
    KT_ASSERT_EQ(other_result, -100);                       /* waiting for the bus */
    KT_ASSERT_EQ(hal_spi_transfer(0, 2, &b, NULL, 1u, 0u, HAL_WAIT_FOREVER), HAL_EBUSY);
    KT_ASSERT_EQ(hal_spi_transfer(0, 1, &b, NULL, 1u, HAL_SPI_HOLD_CS, HAL_WAIT_FOREVER), 1);
    KT_ASSERT_EQ(hal_spi_close(0), HAL_EBUSY);
    tos_sleep_ms(5u);
    KT_ASSERT_EQ(other_result, -100);
    uint64_t released = hal_test_now_ns();
    KT_ASSERT_EQ(hal_spi_release(0, 1), HAL_OK);            /* the other task starts now */
    tos_sleep_ms(1u);
    KT_ASSERT_EQ(other_result, 1);
    KT_ASSERT_EQ(other_done_at - released, 8000u);          /* one byte at 1 MHz */
    KT_ASSERT_EQ(hal_spi_release(0, 1), HAL_ESTATE);
    KT_ASSERT_EQ(hal_spi_transfer(0, HAL_SPI_CS_COUNT, &b, NULL, 1u, 0u, 0u), HAL_ENODEV);
    KT_ASSERT_EQ(hal_spi_transfer(0, 0, &b, NULL, 1u, 0x80u, 0u), HAL_EINVAL);
    KT_ASSERT_EQ(hal_spi_open(0, NULL), HAL_ESTATE);
    KT_ASSERT_EQ(hal_spi_open(HAL_SPI_COUNT, NULL), HAL_ENODEV);
}

static int expiries;
static uint64_t expiry_at[16];
static int expiry_in_isr;

static void on_expiry(void *arg)
{
    (void)arg;
    if (expiries < 16) {
        expiry_at[expiries] = hal_test_now_ns();
    }
    expiries++;
    expiry_in_isr = knl_is_inirq();
}

KTEST(hal_timer, periodic_and_one_shot_callbacks_come_on_time)
{
    expiries = 0;
    uint64_t t0 = hal_test_now_ns();
    KT_ASSERT_EQ(hal_timer_start(2, 1500u, HAL_TIMER_PERIODIC, on_expiry, NULL), HAL_OK);
    tos_sleep_ms(10u);
    KT_ASSERT_EQ(expiries, 6);                              /* 1.5, 3, ... 9 ms */
    for (int i = 0; i < 6; i++) {
        KT_ASSERT_EQ(expiry_at[i] - t0, 1500000u * (uint64_t)(i + 1));
    }
    KT_ASSERT(expiry_in_isr);
    uint32_t us;
    KT_ASSERT_EQ(hal_timer_elapsed(2, &us), HAL_OK);
    KT_ASSERT_EQ(us, 1000u);                                /* 10 ms - 9 ms */
    KT_ASSERT_EQ(hal_timer_stop(2), HAL_OK);
    tos_sleep_ms(10u);
    KT_ASSERT_EQ(expiries, 6);
    KT_ASSERT_EQ(hal_timer_start(0, 250u, HAL_TIMER_ONESHOT, on_expiry, NULL), HAL_OK);
    tos_sleep_ms(10u);
    KT_ASSERT_EQ(expiries, 7);
    KT_ASSERT_EQ(hal_timer_start(HAL_TIMER_COUNT, 1u, HAL_TIMER_ONESHOT, on_expiry, NULL),
                 HAL_ENODEV);
    KT_ASSERT_EQ(hal_timer_start(0, 0u, HAL_TIMER_ONESHOT, on_expiry, NULL), HAL_EINVAL);
    KT_ASSERT_EQ(hal_timer_start(0, 5u, HAL_TIMER_ONESHOT, NULL, NULL), HAL_EINVAL);
    KT_ASSERT_EQ(hal_timer_elapsed(0, NULL), HAL_EINVAL);
}

KTEST(hal_rng, gives_bytes_that_vary)
{
    uint8_t a[32], b[32], zero[32];
    memset(zero, 0, sizeof zero);
    KT_ASSERT_EQ(hal_rng_read(a, sizeof a), HAL_OK);
    KT_ASSERT_EQ(hal_rng_read(b, sizeof b), HAL_OK);
    KT_ASSERT_NE(memcmp(a, b, sizeof a), 0);
    KT_ASSERT_NE(memcmp(a, zero, sizeof a), 0);
    KT_ASSERT_EQ(hal_rng_read(NULL, 1u), HAL_EINVAL);
    KT_ASSERT_EQ(hal_rng_read(NULL, 0u), HAL_OK);
}
