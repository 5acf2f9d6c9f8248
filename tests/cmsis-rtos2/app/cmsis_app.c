/*
 * A CMSIS-RTOS2 program as it would be written for any CMSIS-RTOS2 kernel, run by the
 * simulator's board: application_entry() plays main(). Checked by the cmsis/app test.
 *
 *   ./cmsis_app --stop-at=2s
 */
#include <stdio.h>

#include "cmsis_os2.h"

static osMessageQueueId_t readings;
static osEventFlagsId_t events;

#define EV_CONSUMED     0x1u

static void producer(void *argument)
{
    uint32_t i;

    (void)argument;
    for (i = 1u; i <= 5u; i++) {
        osDelay(100u);
        osMessageQueuePut(readings, &i, 0u, osWaitForever);
    }
}

static void consumer(void *argument)
{
    uint32_t sum = 0u, v, i;

    (void)argument;
    for (i = 0u; i < 5u; i++) {
        osMessageQueueGet(readings, &v, NULL, osWaitForever);
        sum += v;
    }
    printf("cmsis app: sum %lu at tick %lu\n", (unsigned long)sum,
           (unsigned long)osKernelGetTickCount());
    osEventFlagsSet(events, EV_CONSUMED);
}

static void app_main(void *argument)
{
    const osThreadAttr_t consumer_attr = { .name = "consumer", .priority = osPriorityAboveNormal };
    char id[32];

    (void)argument;
    osKernelGetInfo(NULL, id, sizeof id);
    printf("cmsis app: %s, kernel state %d\n", id, (int)osKernelGetState());
    readings = osMessageQueueNew(4u, sizeof(uint32_t), NULL);
    events = osEventFlagsNew(NULL);
    osThreadNew(producer, NULL, NULL);
    osThreadNew(consumer, NULL, &consumer_attr);
    if (osEventFlagsWait(events, EV_CONSUMED, osFlagsWaitAny, 1000u) == EV_CONSUMED) {
        printf("cmsis app: ok\n");
    }
}

/* the simulator board's entry point (declared in tos_sys.h; a pure CMSIS source declares it) */
void application_entry(void *arg);

void application_entry(void *arg)
{
    (void)arg;
    osKernelInitialize();
    osThreadNew(app_main, NULL, NULL);
    if (osKernelGetState() == osKernelReady) {
        osKernelStart();
    }
    printf("cmsis app: osKernelStart returned\n");     /* must not happen */
}
