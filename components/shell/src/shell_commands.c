/*
 * The shell's command registry: the app's command sets, most recently registered first, then
 * the built-ins. The sets are kept in a table of pointers rather than through their `list`
 * node, so a set may live in read-only memory.
 */
#include <string.h>

#include "shell_internal.h"

#ifndef SHELL_CMD_SET_MAX
#define SHELL_CMD_SET_MAX   8
#endif

static const shell_cmd_set_t *sets[SHELL_CMD_SET_MAX];
static int set_count;

void shell_cmd_registry_reset(void)
{
    set_count = 0;
}

int shell_cmd_set_add(const shell_cmd_set_t *set)
{
    if (!set || !set->commands || set_count == SHELL_CMD_SET_MAX) {
        return -1;
    }
    for (int i = 0; i < set_count; i++) {
        if (sets[i] == set) {
            return -1;
        }
    }
    sets[set_count++] = set;
    return 0;
}

int shell_cmd_set_remove(const shell_cmd_set_t *set)
{
    for (int i = 0; i < set_count; i++) {
        if (sets[i] == set) {
            memmove(&sets[i], &sets[i + 1], (size_t)(set_count - i - 1) * sizeof sets[0]);
            set_count--;
            return 0;
        }
    }
    return -1;
}

static const shell_cmd_t *find_in(const shell_cmd_t *cmds, const char *name)
{
    for (; cmds->name; cmds++) {
        if (cmds->handler && strcmp(cmds->name, name) == 0) {
            return cmds;
        }
    }
    return NULL;
}

const shell_cmd_t *shell_cmd_find(const char *name)
{
    for (int i = set_count - 1; i >= 0; i--) {
        const shell_cmd_t *c = find_in(sets[i]->commands, name);
        if (c) {
            return c;
        }
    }
    return find_in(shell_builtin_commands, name);
}

static void visit(const shell_cmd_t *cmds, void (*fn)(const shell_cmd_t *, void *), void *arg)
{
    for (; cmds->name; cmds++) {
        if (cmds->handler && shell_cmd_find(cmds->name) == cmds) {     /* not shadowed */
            fn(cmds, arg);
        }
    }
}

void shell_cmd_foreach(void (*fn)(const shell_cmd_t *cmd, void *arg), void *arg)
{
    visit(shell_builtin_commands, fn, arg);
    for (int i = set_count - 1; i >= 0; i--) {
        visit(sets[i]->commands, fn, arg);
    }
}
