/* What the shell's files share. Not a public header. */
#ifndef SHELL_INTERNAL_H
#define SHELL_INTERNAL_H

#include "tos_shell.h"

/* The command registry (shell_commands.c). */
void               shell_cmd_registry_reset(void);
int                shell_cmd_set_add(const shell_cmd_set_t *set);
int                shell_cmd_set_remove(const shell_cmd_set_t *set);
/* Registered sets first (most recent first), then the built-ins. NULL if none. */
const shell_cmd_t *shell_cmd_find(const char *name);
/* Every command, in lookup order, shadowed names included once. */
void               shell_cmd_foreach(void (*fn)(const shell_cmd_t *cmd, void *arg), void *arg);

/* The built-in commands (shell_builtins.c), ending with an all-NULL entry. */
extern const shell_cmd_t shell_builtin_commands[];

#if SHELL_HAS_GPIO
int shell_cmd_gpio(int argc, char *argv[]);
#endif

/* Raw output, without "\n" translation. */
void shell_puts(const char *s);

#endif /* SHELL_INTERNAL_H */
