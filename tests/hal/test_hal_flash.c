/*
 * HAL flash on the board: erase, program and verify, the NOR rules, the time each operation
 * takes (other tasks run meanwhile), and wear counts. The flash is not volatile: cases erase
 * what they use first.
 */
#include <string.h>

#include "hal_test.h"

#define SECTOR(n)   ((uint32_t)(n) * HAL_FLASH_SECTOR_SIZE)

KTEST(hal_flash, reports_its_geometry)
{
    hal_flash_info_t info;
    KT_ASSERT_EQ(hal_flash_info(0, &info), HAL_OK);
    KT_ASSERT_EQ(info.size, HAL_FLASH_SIZE);
    KT_ASSERT_EQ(info.sector_size, HAL_FLASH_SECTOR_SIZE);
    KT_ASSERT_EQ(info.sector_count, HAL_FLASH_SIZE / HAL_FLASH_SECTOR_SIZE);
    KT_ASSERT_EQ(info.page_size, HAL_FLASH_PAGE_SIZE);
    KT_ASSERT_EQ(info.erased_value, 0xFF);
    KT_ASSERT_EQ(hal_flash_info(HAL_FLASH_COUNT, &info), HAL_ENODEV);
    KT_ASSERT_EQ(hal_flash_info(0, NULL), HAL_EINVAL);
}

KTEST(hal_flash, erase_program_and_verify_a_sector_page_by_page)
{
    static uint8_t page[HAL_FLASH_PAGE_SIZE];
    static uint8_t back[HAL_FLASH_SECTOR_SIZE];
    uint64_t t0 = hal_test_now_ns();
    KT_ASSERT_EQ(hal_flash_erase(0, SECTOR(3), HAL_FLASH_SECTOR_SIZE), HAL_OK);
    KT_ASSERT_EQ(hal_test_now_ns() - t0, 45000000u);            /* 45 ms per sector */
    KT_ASSERT_EQ(hal_flash_read(0, SECTOR(3), back, sizeof back), HAL_OK);
    for (size_t i = 0; i < sizeof back; i++) {
        KT_ASSERT_EQ(back[i], 0xFF);
    }
    for (uint32_t p = 0; p < HAL_FLASH_SECTOR_SIZE / HAL_FLASH_PAGE_SIZE; p++) {
        for (size_t i = 0; i < sizeof page; i++) {
            page[i] = (uint8_t)(i * 7u + p);
        }
        t0 = hal_test_now_ns();
        KT_ASSERT_EQ(hal_flash_program(0, SECTOR(3) + p * HAL_FLASH_PAGE_SIZE, page, sizeof page),
                     HAL_OK);
        KT_ASSERT_EQ(hal_test_now_ns() - t0, 30000u + 2500u * HAL_FLASH_PAGE_SIZE);
    }
    KT_ASSERT_EQ(hal_flash_read(0, SECTOR(3), back, sizeof back), HAL_OK);
    for (size_t i = 0; i < sizeof back; i++) {
        uint32_t p = (uint32_t)(i / HAL_FLASH_PAGE_SIZE);
        KT_ASSERT_EQ(back[i], (uint8_t)((i % HAL_FLASH_PAGE_SIZE) * 7u + p));
    }
}

KTEST(hal_flash, follows_the_nor_rules)
{
    uint8_t b[4] = { 0x0F, 0x0F, 0x0F, 0x0F };
    uint8_t got[4];
    KT_ASSERT_EQ(hal_flash_erase(0, SECTOR(4), HAL_FLASH_SECTOR_SIZE), HAL_OK);
    KT_ASSERT_EQ(hal_flash_program(0, SECTOR(4), b, 4), HAL_OK);
    b[1] = 0x07;                                                /* clears one more bit: fine */
    KT_ASSERT_EQ(hal_flash_program(0, SECTOR(4), b, 4), HAL_OK);
    b[2] = 0x1F;                                                /* sets a bit: refused */
    KT_ASSERT_EQ(hal_flash_program(0, SECTOR(4), b, 4), HAL_ENOTERASED);
    KT_ASSERT_EQ(hal_flash_read(0, SECTOR(4), got, 4), HAL_OK);
    KT_ASSERT_EQ(got[1], 0x07);
    KT_ASSERT_EQ(got[2], 0x0F);                                 /* nothing was written */
    KT_ASSERT_EQ(hal_flash_program(0, SECTOR(4) + HAL_FLASH_PAGE_SIZE - 2u, b, 4), HAL_EALIGN);
    KT_ASSERT_EQ(hal_flash_erase(0, SECTOR(4) + 1u, HAL_FLASH_SECTOR_SIZE), HAL_EALIGN);
    KT_ASSERT_EQ(hal_flash_erase(0, SECTOR(4), 100u), HAL_EALIGN);
    KT_ASSERT_EQ(hal_flash_erase(0, SECTOR(4), 0u), HAL_EINVAL);
    KT_ASSERT_EQ(hal_flash_erase(0, HAL_FLASH_SIZE, HAL_FLASH_SECTOR_SIZE), HAL_ERANGE);
    KT_ASSERT_EQ(hal_flash_read(0, HAL_FLASH_SIZE - 2u, got, 4), HAL_ERANGE);
    KT_ASSERT_EQ(hal_flash_program(0, 0, NULL, 4), HAL_EINVAL);
    KT_ASSERT_EQ(hal_flash_program(0, 0, b, 0), HAL_OK);
    KT_ASSERT_EQ(hal_flash_read(1, 0, got, 4), HAL_ENODEV);
}

KTEST(hal_flash, counts_erases_per_sector)
{
    uint32_t before, after, other_before, other_after;
    KT_ASSERT_EQ(hal_flash_erase_count(0, 5, &before), HAL_OK);
    KT_ASSERT_EQ(hal_flash_erase_count(0, 6, &other_before), HAL_OK);
    for (int i = 0; i < 3; i++) {
        KT_ASSERT_EQ(hal_flash_erase(0, SECTOR(5), HAL_FLASH_SECTOR_SIZE), HAL_OK);
    }
    KT_ASSERT_EQ(hal_flash_erase_count(0, 5, &after), HAL_OK);
    KT_ASSERT_EQ(hal_flash_erase_count(0, 6, &other_after), HAL_OK);
    KT_ASSERT_EQ(after, before + 3u);
    KT_ASSERT_EQ(other_after, other_before);
    KT_ASSERT_EQ(hal_flash_erase_count(0, HAL_FLASH_SIZE / HAL_FLASH_SECTOR_SIZE, &after),
                 HAL_ERANGE);
    KT_ASSERT_EQ(hal_flash_erase_count(0, 5, NULL), HAL_EINVAL);
}

static k_task_t ticker_task;
KTEST_STACK(ticker_stack);
static volatile int ticks_seen;

static void ticker(void *arg)
{
    (void)arg;
    for (;;) {
        tos_sleep_ms(1u);
        ticks_seen++;
    }
}

static int isr_erase_result;

static void erase_from_isr(void)
{
    tos_knl_irq_enter();
    isr_erase_result = hal_flash_erase(0, SECTOR(7), HAL_FLASH_SECTOR_SIZE);
    tos_knl_irq_leave();
}

KTEST(hal_flash, other_tasks_run_while_an_erase_is_in_progress_but_isrs_cannot_wait)
{
    ticks_seen = 0;
    ktest_task_create(&ticker_task, "ticker", ticker, NULL, KTEST_MAIN_PRIO + 1u, ticker_stack);
    KT_ASSERT_EQ(hal_flash_erase(0, SECTOR(7), 2u * HAL_FLASH_SECTOR_SIZE), HAL_OK);
    KT_ASSERT_GE(ticks_seen, 89);           /* 90 ms of erase, a tick a millisecond */
    ktest_irq_connect(1, erase_from_isr, 0x40u);
    ktest_irq_raise(1);
    KT_ASSERT_EQ(isr_erase_result, HAL_ECONTEXT);
}
