/*
 * HAL GPIO on the board: outputs (the LEDs), inputs (the buttons), edge interrupts from
 * stimulus at exact times, and the board's log of pin changes.
 */
#include <string.h>

#include "hal_test.h"

KTEST(hal_gpio, an_led_is_an_output_that_reads_back_and_toggles)
{
    KT_ASSERT_EQ(hal_gpio_config(BOARD_LED0, HAL_GPIO_OUTPUT, HAL_GPIO_PULL_NONE), HAL_OK);
    KT_ASSERT_EQ(hal_gpio_read(BOARD_LED0), 0);
    KT_ASSERT_EQ(hal_gpio_write(BOARD_LED0, BOARD_LED_ON), HAL_OK);
    KT_ASSERT_EQ(hal_gpio_read(BOARD_LED0), BOARD_LED_ON);
    KT_ASSERT_EQ(hal_gpio_toggle(BOARD_LED0), !BOARD_LED_ON);
    KT_ASSERT_EQ(hal_gpio_read(BOARD_LED0), !BOARD_LED_ON);
    KT_ASSERT_EQ(hal_gpio_write(BOARD_LED0, 7), HAL_OK);        /* anything else is 1 */
    KT_ASSERT_EQ(hal_gpio_read(BOARD_LED0), 1);
}

KTEST(hal_gpio, every_documented_error)
{
    KT_ASSERT_EQ(hal_gpio_config(HAL_GPIO_PIN_COUNT, HAL_GPIO_INPUT, HAL_GPIO_PULL_NONE),
                 HAL_ENODEV);
    KT_ASSERT_EQ(hal_gpio_config(BOARD_LED1, (hal_gpio_mode_t)9, HAL_GPIO_PULL_NONE), HAL_EINVAL);
    KT_ASSERT_EQ(hal_gpio_config(BOARD_LED1, HAL_GPIO_INPUT, (hal_gpio_pull_t)9), HAL_EINVAL);
    KT_ASSERT_EQ(hal_gpio_write(BOARD_BUTTON0, 1), HAL_ESTATE);  /* an input after reset */
    KT_ASSERT_EQ(hal_gpio_toggle(BOARD_BUTTON0), HAL_ESTATE);
    KT_ASSERT_EQ(hal_gpio_read(HAL_GPIO_PIN_COUNT), HAL_ENODEV);
    KT_ASSERT_EQ(hal_gpio_irq_attach(BOARD_BUTTON0, HAL_GPIO_EDGE_BOTH, NULL, NULL), HAL_EINVAL);
    KT_ASSERT_EQ(hal_gpio_irq_enable(BOARD_BUTTON0, true), HAL_ESTATE);
    KT_ASSERT_EQ(hal_gpio_irq_detach(HAL_GPIO_PIN_COUNT), HAL_ENODEV);
}

static int edges;
static int last_level;
static uint64_t edge_at[4];
static int edge_in_isr;

static void on_edge(void *arg, unsigned pin, int level)
{
    (void)arg;
    if (pin == BOARD_BUTTON0 && edges < 4) {
        edge_at[edges] = hal_test_now_ns();
    }
    edges++;
    last_level = level;
    edge_in_isr = knl_is_inirq();
}

KTEST(hal_gpio, a_button_press_runs_the_edge_callback_in_the_isr_at_that_time)
{
    edges = 0;
    KT_ASSERT_EQ(hal_gpio_config(BOARD_BUTTON0, HAL_GPIO_INPUT, HAL_GPIO_PULL_NONE), HAL_OK);
    KT_ASSERT_EQ(hal_gpio_read(BOARD_BUTTON0), !BOARD_BUTTON_PRESSED);   /* board pull-up */
    KT_ASSERT_EQ(hal_gpio_irq_attach(BOARD_BUTTON0, HAL_GPIO_EDGE_FALLING, on_edge, NULL),
                 HAL_OK);
    uint64_t t0 = hal_test_now_ns();
    hal_test_gpio_drive_at(BOARD_BUTTON0, BOARD_BUTTON_PRESSED, 20000u);   /* press at +20 ms */
    hal_test_gpio_drive_at(BOARD_BUTTON0 + 1u, 0, 1u);                     /* another pin */
    tos_sleep_ms(30u);
    KT_ASSERT_EQ(edges, 1);
    KT_ASSERT_EQ(edge_at[0] - t0, 20000000u);
    KT_ASSERT_EQ(last_level, BOARD_BUTTON_PRESSED);
    KT_ASSERT(edge_in_isr);
    KT_ASSERT_EQ(hal_gpio_read(BOARD_BUTTON0), BOARD_BUTTON_PRESSED);
    /* the release is a rising edge: not asked for */
    hal_test_gpio_drive_at(BOARD_BUTTON0, -1, 5000u);
    tos_sleep_ms(10u);
    KT_ASSERT_EQ(edges, 1);
    /* both edges, then disabled: nothing; re-enabled: only new edges count */
    KT_ASSERT_EQ(hal_gpio_irq_attach(BOARD_BUTTON0, HAL_GPIO_EDGE_BOTH, on_edge, NULL), HAL_OK);
    hal_test_gpio_drive_at(BOARD_BUTTON0, 0, 1000u);
    hal_test_gpio_drive_at(BOARD_BUTTON0 + 1u, -1, 1u);
    tos_sleep_ms(2u);
    hal_test_gpio_drive_at(BOARD_BUTTON0, -1, 1000u);
    tos_sleep_ms(2u);
    KT_ASSERT_EQ(edges, 3);
    KT_ASSERT_EQ(hal_gpio_irq_enable(BOARD_BUTTON0, false), HAL_OK);
    hal_test_gpio_drive_at(BOARD_BUTTON0, 0, 1000u);
    tos_sleep_ms(2u);
    KT_ASSERT_EQ(edges, 3);
    KT_ASSERT_EQ(hal_gpio_irq_enable(BOARD_BUTTON0, true), HAL_OK);
    tos_sleep_ms(2u);
    KT_ASSERT_EQ(edges, 3);             /* the edge while disabled is forgotten */
    hal_test_gpio_drive_at(BOARD_BUTTON0, -1, 1000u);
    tos_sleep_ms(2u);
    KT_ASSERT_EQ(edges, 4);
    KT_ASSERT_EQ(last_level, !BOARD_BUTTON_PRESSED);
    KT_ASSERT_EQ(hal_gpio_irq_detach(BOARD_BUTTON0), HAL_OK);
    hal_test_gpio_drive_at(BOARD_BUTTON0, 0, 1000u);
    tos_sleep_ms(2u);
    KT_ASSERT_EQ(edges, 4);
}

KTEST(hal_gpio, pin_changes_are_logged_with_their_virtual_time)
{
    static char log[8192];
    KT_ASSERT_EQ(hal_gpio_config(BOARD_LED2, HAL_GPIO_OUTPUT, HAL_GPIO_PULL_NONE), HAL_OK);
    tos_sleep_ms(250u);
    KT_ASSERT_EQ(hal_gpio_write(BOARD_LED2, BOARD_LED_ON), HAL_OK);
    tos_sleep_ms(250u);
    KT_ASSERT_EQ(hal_gpio_write(BOARD_LED2, !BOARD_LED_ON), HAL_OK);
    hal_test_gpio_log(log, sizeof log);
    KT_ASSERT(strstr(log, "[     0.250000000] led2 on\n[     0.500000000] led2 off\n") != NULL);
}
