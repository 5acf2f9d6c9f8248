/*
 * The shell's line discipline and parser task: bytes from tos_shell_input_byte() (any
 * context) go through a FIFO to the parser task, which echoes and edits the line, then splits
 * it into words and runs the command.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "shell_internal.h"

#if TOS_CFG_SEM_EN == 0u
#error "the shell needs TOS_CFG_SEM_EN"
#endif

#define CH_CTRL_C   0x03
#define CH_BS       0x08
#define CH_CTRL_U   0x15
#define CH_DEL      0x7f

static struct {
    bool            started;
    shell_output_t  output;
    char           *line;
    int             size;           /* of `line`; a line holds size - 1 characters */
    int             len;
    bool            overlong;       /* the line outgrew the buffer: reject it at its end */
    bool            last_cr;        /* for CR LF: one line end, not two */
    k_task_t        task;
    k_sem_t         rx_sem;
    k_chr_fifo_t    rx_fifo;
    uint8_t         rx_buf[SHELL_RX_FIFO_SIZE];
    volatile uint32_t rx_lost;
} sh;

static k_stack_t parser_stack[SHELL_PARSER_TASK_STACK_SIZE];

void shell_puts(const char *s)
{
    while (*s) {
        sh.output(*s++);
    }
}

/* Writes `s`, sending a "\n" that is not already after "\r" as "\r\n" (terminals). */
static void put_text(const char *s)
{
    char prev = '\0';
    for (; *s; prev = *s++) {
        if (*s == '\n' && prev != '\r') {
            sh.output('\r');
        }
        sh.output(*s);
    }
}

static void vprint(const char *format, va_list ap, bool newline)
{
    char buf[SHELL_OUTPUT_MAX];
    if (!sh.output) {
        return;
    }
    int n = vsnprintf(buf, sizeof buf, format, ap);
    if (n >= (int)sizeof buf && sizeof buf > 4u) {
        memcpy(buf + sizeof buf - 4u, "...", 4u);      /* say that it was cut */
    }
    put_text(buf);
    if (newline) {
        shell_puts("\r\n");
    }
}

__API__ void tos_shell_printf(const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    vprint(format, ap, false);
    va_end(ap);
}

__API__ void tos_shell_printfln(const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    vprint(format, ap, true);
    va_end(ap);
}

static void prompt(void)
{
    uint32_t lost = sh.rx_lost;
    if (lost) {
        sh.rx_lost = 0;
        tos_shell_printfln("(%lu input characters lost: the shell's input FIFO was full)",
                           (unsigned long)lost);
    }
    shell_puts(SHELL_PROMPT);
}

static void run_line(void)
{
    char *argv[SHELL_CMD_ARGV_MAX + 1];
    int argc = 0;
    char *p = sh.line;

    sh.line[sh.len] = '\0';
    for (;;) {
        while (*p == ' ' || *p == '\t') {
            *p++ = '\0';
        }
        if (!*p) {
            break;
        }
        if (argc == SHELL_CMD_ARGV_MAX) {
            tos_shell_printfln("too many words (at most %d): line ignored", SHELL_CMD_ARGV_MAX);
            return;
        }
        argv[argc++] = p;
        while (*p && *p != ' ' && *p != '\t') {
            p++;
        }
    }
    if (argc == 0) {
        return;
    }
    argv[argc] = NULL;
    const shell_cmd_t *cmd = shell_cmd_find(argv[0]);
    if (!cmd) {
        tos_shell_printfln("unknown command: %s", argv[0]);
        return;
    }
    (void)cmd->handler(argc, argv);
}

static void end_of_line(void)
{
    shell_puts("\r\n");
    if (sh.overlong) {
        tos_shell_printfln("line too long (at most %d characters): ignored", sh.size - 1);
    } else {
        run_line();
    }
    sh.len = 0;
    sh.overlong = false;
    prompt();
}

static void take(char c)
{
    bool cr = c == '\r';
    if (c == '\n' && sh.last_cr) {
        sh.last_cr = false;
        return;
    }
    sh.last_cr = cr;
    switch (c) {
    case '\r':
    case '\n':
        end_of_line();
        return;
    case CH_CTRL_C:
        shell_puts("^C\r\n");
        sh.len = 0;
        sh.overlong = false;
        prompt();
        return;
    case CH_CTRL_U:
        for (; sh.len > 0; sh.len--) {
            shell_puts("\b \b");
        }
        sh.overlong = false;
        return;
    case CH_BS:
    case CH_DEL:
        if (sh.len > 0 && !sh.overlong) {
            sh.len--;
            shell_puts("\b \b");
        }
        return;
    default:
        break;
    }
    if ((unsigned char)c < 0x20u) {
        return;                     /* other control characters: ignored */
    }
    if (sh.overlong) {
        return;
    }
    if (sh.len >= sh.size - 1) {
        sh.overlong = true;         /* never written past the buffer; said at the line end */
        return;
    }
    sh.line[sh.len++] = c;
    sh.output(c);
}

static void parser(void *arg)
{
    (void)arg;
    prompt();
    for (;;) {
        uint8_t c;
        if (tos_sem_pend(&sh.rx_sem, TOS_TIME_FOREVER) != K_ERR_NONE) {
            return;                 /* destroyed by tos_shell_deinit */
        }
        if (tos_chr_fifo_pop(&sh.rx_fifo, &c) == K_ERR_NONE) {
            take((char)c);
        }
    }
}

__API__ void tos_shell_input_byte(uint8_t data)
{
    if (!sh.started) {
        return;
    }
    if (tos_chr_fifo_push(&sh.rx_fifo, data) != K_ERR_NONE) {
        sh.rx_lost++;
        return;
    }
    tos_sem_post(&sh.rx_sem);
}

__API__ int tos_shell_init(char *cmd_buf, int cmd_buf_size, shell_output_t output,
                           shell_cmd_set_t *custom_cmd_set)
{
    if (!cmd_buf || cmd_buf_size < 2 || !output || sh.started) {
        return -1;
    }
    sh.output = output;
    sh.line = cmd_buf;
    sh.size = cmd_buf_size;
    sh.len = 0;
    sh.overlong = false;
    sh.last_cr = false;
    sh.rx_lost = 0;
    shell_cmd_registry_reset();
    if (custom_cmd_set && shell_cmd_set_add(custom_cmd_set) != 0) {
        return -1;
    }
    if (tos_chr_fifo_create(&sh.rx_fifo, sh.rx_buf, sizeof sh.rx_buf) != K_ERR_NONE) {
        return -1;
    }
    if (tos_sem_create(&sh.rx_sem, 0u) != K_ERR_NONE) {
        tos_chr_fifo_destroy(&sh.rx_fifo);
        return -1;
    }
    sh.started = true;              /* before the task: it may run (and read input) at once */
    if (tos_task_create(&sh.task, "shell", parser, K_NULL, SHELL_PARSER_TASK_PRIO,
                        parser_stack, sizeof parser_stack, 0u) != K_ERR_NONE) {
        sh.started = false;
        tos_sem_destroy(&sh.rx_sem);
        tos_chr_fifo_destroy(&sh.rx_fifo);
        return -1;
    }
    return 0;
}

__API__ void tos_shell_deinit(void)
{
    if (!sh.started || tos_task_curr_task_get() == &sh.task) {
        return;
    }
    sh.started = false;
#if TOS_CFG_TASK_DESTROY_EN > 0u
    tos_task_destroy(&sh.task);
#endif
    tos_sem_destroy(&sh.rx_sem);            /* (without task destroy, the task ends here) */
    tos_chr_fifo_destroy(&sh.rx_fifo);
    shell_cmd_registry_reset();
}

__API__ int tos_shell_cmd_set_regiser(const shell_cmd_set_t *cmd_set)
{
    return shell_cmd_set_add(cmd_set);
}

__API__ int tos_shell_cmd_set_unregiser(const shell_cmd_set_t *cmd_set)
{
    return shell_cmd_set_remove(cmd_set);
}
