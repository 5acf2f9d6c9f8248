/*
 * Sprig simulator: scripted stimulus (--script=FILE).
 *
 * A script is a list of steps run one after another in virtual time, so a run driven by a
 * script is as deterministic as the program it drives:
 *
 *     # comments and blank lines are ignored
 *     expect uart0 "tshell>" within 1s      wait for text on a UART's output
 *     uart0 "help\r"                        type into a UART (its receiver gets the bytes)
 *     at 2s press button0                   at virtual time 2 s (or now, if that has passed)
 *     wait 300ms                            let 300 ms pass
 *     release button0
 *     expect uart0 "led0 off" within 500ms
 *     stop                                  end the run (exit status 0)
 *
 * Steps:
 *     [at T] UART "TEXT"                    send TEXT to UART's receiver
 *     [at T] press|release BUTTON           drive a button / let it go
 *     [at T] expect UART "TEXT" within D    fail the run unless UART transmits TEXT within D
 *     [at T] wait D                         the next step starts D later
 *     [at T] stop [CODE]                    end the run with exit status CODE (default 0)
 * A step starts when the one before it has finished (an expectation finishes when its text is
 * seen); "at T" further holds it until virtual time T. TEXT is in double quotes with the escapes
 * \r \n \t \\ \" and \xHH. Durations are as on the command line (500ms, 2s, 1.5m).
 *
 * An expectation searches what the UART transmitted after the previous match on that UART
 * (earlier output included, like pexpect), so a prompt printed before the step is found.
 * A failed expectation prints "FILE:LINE: expect ...: not seen within D" and the output it
 * searched on stderr and stops the run with exit status 1; so does a run that ends (stop-at,
 * the app exiting) while an expectation is still waiting.
 *
 * The script knows nothing about devices: the board binds it to its UARTs and buttons through
 * sim_script_binding_t and feeds it what the UARTs transmit. Threading: CPU thread only.
 */
#ifndef SIM_SCRIPT_H
#define SIM_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sim/clock.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sim_script sim_script_t;

/* What a step may name. */
typedef enum {
    SIM_SCRIPT_UART = 0,
    SIM_SCRIPT_BUTTON,
} sim_script_target_kind_t;

typedef struct {
    void *ctx;
    /* The id of a UART or button by name, or -1 if the board has none by that name. */
    int  (*find)(void *ctx, sim_script_target_kind_t kind, const char *name);
    /* Start sending bytes to a UART's receiver. */
    void (*send)(void *ctx, int uart, const uint8_t *data, size_t n);
    /* Press (true) or release a button. */
    void (*button)(void *ctx, int button, bool pressed);
    /* End the run with exit status `code`. */
    void (*stop)(void *ctx, int code);
} sim_script_binding_t;

/* Parse FILE. Returns the script, or NULL with "FILE:LINE: reason" (or "FILE: reason") in
   `err`. */
sim_script_t *sim_script_load(const char *path, char *err, size_t errlen);
/* Parse text as if it were the file `name` (tests). */
sim_script_t *sim_script_parse(const char *name, const char *text, char *err, size_t errlen);
void          sim_script_free(sim_script_t *s);

/* Resolve every UART and button the script names. Returns 0, or -1 with "FILE:LINE: no UART
   named 'uart7'" in `err`. */
int  sim_script_bind(sim_script_t *s, const sim_script_binding_t *b, char *err, size_t errlen);
/* After the machine reset (the clock is at 0 with an empty queue): start from the first step.
   Failures are reported on `report` (stderr when NULL). */
void sim_script_start(sim_script_t *s, FILE *report);
/* Bytes transmitted by a bound UART. */
void sim_script_uart_output(sim_script_t *s, int uart, const uint8_t *data, size_t n);
/* End of the run: 0 when no expectation is left waiting, else 1 (reported). */
int  sim_script_finish(sim_script_t *s);

/* Progress, for tests: steps completed, and whether a step has failed. */
unsigned sim_script_steps_done(const sim_script_t *s);
unsigned sim_script_step_count(const sim_script_t *s);
bool     sim_script_failed(const sim_script_t *s);

#ifdef __cplusplus
}
#endif

#endif /* SIM_SCRIPT_H */
