/*
 * mps2 console: CMSDK APB UART 0, polled. Also the semihosting calls (exit, command line).
 */
#include <stdint.h>

#include "board.h"
#include "mps2.h"

#define UART    MPS2_UART0_BASE
#define BAUD    115200u

void board_console_init(void)
{
    /* QEMU ignores the divider but the TX enable matters: with TX off, TXFULL never clears
       and output hangs */
    MPS2_UART_BAUDDIV(UART) = SPRIG_BOARD_CPU_CLOCK_HZ / BAUD;
    MPS2_UART_CTRL(UART) = MPS2_UART_CTRL_TXEN | MPS2_UART_CTRL_RXEN;
}

void board_console_putc(char c)
{
    while (MPS2_UART_STATE(UART) & MPS2_UART_STATE_TXFULL) {
    }
    MPS2_UART_DATA(UART) = (uint8_t)c;
}

void board_console_write(const char *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        board_console_putc(buf[i]);
    }
}

void board_console_puts(const char *s)
{
    while (*s) {
        board_console_putc(*s++);
    }
}

int board_console_getc(void)
{
    if (!(MPS2_UART_STATE(UART) & MPS2_UART_STATE_RXFULL)) {
        return -1;
    }
    return (int)(MPS2_UART_DATA(UART) & 0xFFu);
}

#if SPRIG_BOARD_SEMIHOSTING
/* An Arm semihosting call: the debugger (QEMU) services BKPT 0xAB with r0 = operation and
   r1 = its parameter block. */
static uint32_t semihost(uint32_t op, void *arg)
{
    register uint32_t r0 __asm__("r0") = op;
    register void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

#define SYS_GET_CMDLINE             0x15u
#define SYS_EXIT_EXTENDED           0x20u
#define ADP_STOPPED_APPLICATIONEXIT 0x20026u
#endif

void board_exit(int code)
{
    __asm__ volatile("cpsid i" ::: "memory");
#if SPRIG_BOARD_SEMIHOSTING
    {
        uint32_t block[2] = { ADP_STOPPED_APPLICATIONEXIT, (uint32_t)code };
        (void)semihost(SYS_EXIT_EXTENDED, block);
    }
#else
    (void)code;
#endif
    for (;;) {
        __asm__ volatile("wfi");
    }
}

int board_cmdline(char *buf, size_t size)
{
#if SPRIG_BOARD_SEMIHOSTING
    uint32_t block[2] = { (uint32_t)buf, (uint32_t)size };
    if (size == 0u || semihost(SYS_GET_CMDLINE, block) != 0u || block[1] >= size) {
        return -1;
    }
    buf[block[1]] = '\0';
    return (int)block[1];
#else
    (void)buf;
    (void)size;
    return -1;
#endif
}
