/*
 * ring.h - fixed-capacity ring buffer of doubles.
 *
 * Part of ferrous. Copyright (c) 2024, Ferrous contributors.
 * Distributed under the BSD 3-Clause License; see LICENSE.
 *
 * The buffer keeps the most recent `capacity` values. Pushing into a full
 * buffer evicts the oldest value and hands it back to the caller, which is
 * exactly what a sliding-window statistic needs to update its running sums.
 *
 * Index 0 is always the oldest value still in the buffer.
 */
#ifndef FERROUS_RING_H
#define FERROUS_RING_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Opaque handle. Create with fe_ring_new, release with fe_ring_free. */
typedef struct fe_ring fe_ring;

/* Status codes returned by the functions below. */
enum {
    FE_RING_OK = 0,
    FE_RING_EVICTED = 1,   /* push succeeded and an old value was evicted */
    FE_RING_EMPTY = -1,    /* nothing to pop / read */
    FE_RING_RANGE = -2,    /* index out of range */
    FE_RING_INVALID = -3   /* NULL handle or bad argument */
};

/* Allocate a buffer holding at most `capacity` values (capacity > 0).
 * Returns NULL when capacity is 0 or allocation fails. */
fe_ring *fe_ring_new(size_t capacity);

/* Free the buffer. Accepts NULL. */
void fe_ring_free(fe_ring *ring);

/* Append a value. When the buffer was full, the oldest value is written to
 * *evicted (if evicted is not NULL) and FE_RING_EVICTED is returned. */
int fe_ring_push(fe_ring *ring, double value, double *evicted);

/* Remove the oldest value into *out. */
int fe_ring_pop(fe_ring *ring, double *out);

/* Read the value at logical index `index` (0 = oldest) into *out. */
int fe_ring_get(const fe_ring *ring, size_t index, double *out);

/* Number of values currently held, and the fixed capacity. */
size_t fe_ring_len(const fe_ring *ring);
size_t fe_ring_capacity(const fe_ring *ring);

/* Copy up to `max` values, oldest first, into `out`. Returns how many. */
size_t fe_ring_copy(const fe_ring *ring, double *out, size_t max);

/* Drop every value; capacity is unchanged. */
void fe_ring_clear(fe_ring *ring);

#ifdef __cplusplus
}
#endif

#endif /* FERROUS_RING_H */
