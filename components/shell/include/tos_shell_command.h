/*
 * Shell commands and command sets (components/shell), as TencentOS Tiny declares them: an
 * app describes its commands in a table ended by an all-NULL entry and registers the table
 * as a set.
 *
 *     static const shell_cmd_t my_commands[] = {
 *         { "led", cmd_led, "led N on|off: switch an LED" },
 *         { K_NULL, K_NULL, K_NULL },
 *     };
 *     static shell_cmd_set_t my_set = { .list = TOS_SLIST_NODE(dummy), .commands = my_commands };
 */
#ifndef _TOS_SHELL_COMMAND_H_
#define _TOS_SHELL_COMMAND_H_

#include "tos_k.h"

/* A command's handler: argv[0] is the command's name, argv[argc] is NULL. The return value
   is the command's status: 0 for success; the shell does not print it. */
typedef int (*shell_cmd_handler_t)(int argc, char *argv[]);

typedef struct shell_command_st {
    const char          *name;
    shell_cmd_handler_t  handler;
    const char          *help;          /* one line for `help` */
} shell_cmd_t;

typedef struct shell_command_set_st {
    k_slist_t            list;          /* the shell's; initialise with TOS_SLIST_NODE */
    const shell_cmd_t   *commands;      /* ends with an entry whose name is NULL */
} shell_cmd_set_t;

#endif /* _TOS_SHELL_COMMAND_H_ */
