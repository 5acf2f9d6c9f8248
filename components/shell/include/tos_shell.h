/*
 * Sprig shell (components/shell): a line-oriented command shell on a serial port, with the
 * TencentOS Tiny shell API. Reference: docs/shell.md.
 *
 * The app gives the shell a line buffer and a character output function, feeds it received
 * bytes with tos_shell_input_byte() (typically from the UART's receive interrupt), and the
 * shell's parser task echoes, edits (backspace, Ctrl-C, Ctrl-U), splits each line into words
 * and runs the command. Built-in commands: help, ps, free, uptime and, where the port has the
 * HAL's GPIO, gpio. Unknown commands answer "unknown command: NAME"; a line longer than the
 * buffer is rejected whole with a message (nothing is run, nothing overflows).
 *
 * Needs TOS_CFG_SEM_EN. `ps` shows stack high-water marks when
 * TOS_CFG_TASK_STACK_DRAUGHT_DEPTH_DETACT_EN is set; `free` needs TOS_CFG_MMHEAP_EN.
 */
#ifndef _TOS_SHELL_H_
#define _TOS_SHELL_H_

#include <stdint.h>

#include "tos_k.h"
#include "tos_shell_command.h"

/* Overridable in tos_config.h. */
#ifndef SHELL_CMD_ARGV_MAX
#define SHELL_CMD_ARGV_MAX              16      /* words per line, command included */
#endif
#ifndef SHELL_OUTPUT_MAX
#define SHELL_OUTPUT_MAX                256     /* bytes per tos_shell_printf call */
#endif
#ifndef SHELL_PARSER_TASK_STACK_SIZE
#define SHELL_PARSER_TASK_STACK_SIZE    2048
#endif
#ifndef SHELL_PARSER_TASK_PRIO
#define SHELL_PARSER_TASK_PRIO          3
#endif
#ifndef SHELL_RX_FIFO_SIZE
#define SHELL_RX_FIFO_SIZE              128     /* received bytes not yet parsed */
#endif
#ifndef SHELL_PROMPT
#define SHELL_PROMPT                    "tshell> "
#endif

/* Writes one character to the console. Called from the parser task (and from whatever task
   calls tos_shell_printf). */
typedef void (*shell_output_t)(const char ch);

/**
 * Start the shell: its parser task (SHELL_PARSER_TASK_PRIO) prints the prompt and serves
 * lines. Task context, kernel initialised.
 * @param cmd_buf         the line buffer; a line holds at most cmd_buf_size - 1 characters
 * @param cmd_buf_size    at least 2
 * @param output          the character writer
 * @param custom_cmd_set  a command set to register now, or NULL
 * @return 0; -1 (a NULL buffer or output, size < 2, already started, or the kernel refused
 *         the task or semaphore).
 */
__API__ int  tos_shell_init(char *cmd_buf, int cmd_buf_size, shell_output_t output,
                            shell_cmd_set_t *custom_cmd_set);

/** Stop the shell: its task is destroyed, its sets unregistered. Task context (not the
    shell's own task). */
__API__ void tos_shell_deinit(void);

/**
 * Add a command set (searched before the built-ins, most recent first, so an app may
 * override a built-in). Task context.
 * @return 0; -1 (NULL set or commands, or the set is already registered).
 */
__API__ int  tos_shell_cmd_set_regiser(const shell_cmd_set_t *cmd_set);
/** Remove a command set. @return 0; -1 (NULL, or not registered). Task context. */
__API__ int  tos_shell_cmd_set_unregiser(const shell_cmd_set_t *cmd_set);
/* (TencentOS spells these "regiser"; both spellings work.) */
#define tos_shell_cmd_set_register(set)     tos_shell_cmd_set_regiser(set)
#define tos_shell_cmd_set_unregister(set)   tos_shell_cmd_set_unregiser(set)

/** printf to the shell's output (output longer than SHELL_OUTPUT_MAX - 1 bytes is cut and
    ends with "..."). Task context. "\n" is sent as "\r\n". */
__API__ void tos_shell_printf(const char *format, ...) __attribute__((format(printf, 1, 2)));
/** tos_shell_printf plus a line end. */
__API__ void tos_shell_printfln(const char *format, ...) __attribute__((format(printf, 1, 2)));

/** A received byte, for the parser task. ISR-safe. Bytes arriving while SHELL_RX_FIFO_SIZE
    are waiting are dropped and counted (the next prompt says how many). */
__API__ void tos_shell_input_byte(uint8_t data);

#endif /* _TOS_SHELL_H_ */
