/*
 * ring.c - fixed-capacity ring buffer of doubles. See ring.h.
 *
 * Part of ferrous. Copyright (c) 2024, Ferrous contributors.
 * Distributed under the BSD 3-Clause License; see LICENSE.
 *
 * Layout: `head` is the slot of the oldest value, `len` the number of values.
 * The slot for logical index i is (head + i) % capacity. Keeping `len`
 * instead of a tail pointer avoids the classic full-versus-empty ambiguity.
 */
#include "ring.h"

#include <stdlib.h>
#include <string.h>

struct fe_ring {
    size_t capacity;
    size_t head;
    size_t len;
    double slots[]; /* flexible array member, `capacity` entries */
};

static size_t slot_of(const fe_ring *ring, size_t index)
{
    size_t pos = ring->head + index;
    return pos >= ring->capacity ? pos - ring->capacity : pos;
}

fe_ring *fe_ring_new(size_t capacity)
{
    fe_ring *ring;

    if (capacity == 0 || capacity > (((size_t)-1) - sizeof *ring) / sizeof(double)) {
        return NULL;
    }
    ring = malloc(sizeof *ring + capacity * sizeof(double));
    if (ring == NULL) {
        return NULL;
    }
    ring->capacity = capacity;
    ring->head = 0;
    ring->len = 0;
    return ring;
}

void fe_ring_free(fe_ring *ring)
{
    free(ring);
}

int fe_ring_push(fe_ring *ring, double value, double *evicted)
{
    if (ring == NULL) {
        return FE_RING_INVALID;
    }
    if (ring->len < ring->capacity) {
        ring->slots[slot_of(ring, ring->len)] = value;
        ring->len++;
        return FE_RING_OK;
    }
    /* Full: overwrite the oldest slot and advance head. */
    if (evicted != NULL) {
        *evicted = ring->slots[ring->head];
    }
    ring->slots[ring->head] = value;
    ring->head = slot_of(ring, 1);
    return FE_RING_EVICTED;
}

int fe_ring_pop(fe_ring *ring, double *out)
{
    if (ring == NULL) {
        return FE_RING_INVALID;
    }
    if (ring->len == 0) {
        return FE_RING_EMPTY;
    }
    if (out != NULL) {
        *out = ring->slots[ring->head];
    }
    ring->head = slot_of(ring, 1);
    ring->len--;
    return FE_RING_OK;
}

int fe_ring_get(const fe_ring *ring, size_t index, double *out)
{
    if (ring == NULL || out == NULL) {
        return FE_RING_INVALID;
    }
    if (index >= ring->len) {
        return ring->len == 0 ? FE_RING_EMPTY : FE_RING_RANGE;
    }
    *out = ring->slots[slot_of(ring, index)];
    return FE_RING_OK;
}

size_t fe_ring_len(const fe_ring *ring)
{
    return ring == NULL ? 0 : ring->len;
}

size_t fe_ring_capacity(const fe_ring *ring)
{
    return ring == NULL ? 0 : ring->capacity;
}

size_t fe_ring_copy(const fe_ring *ring, double *out, size_t max)
{
    size_t n, first;

    if (ring == NULL || out == NULL) {
        return 0;
    }
    n = ring->len < max ? ring->len : max;
    /* At most two contiguous runs: head..end of array, then 0..rest. */
    first = ring->capacity - ring->head;
    if (first > n) {
        first = n;
    }
    memcpy(out, ring->slots + ring->head, first * sizeof(double));
    memcpy(out + first, ring->slots, (n - first) * sizeof(double));
    return n;
}

void fe_ring_clear(fe_ring *ring)
{
    if (ring != NULL) {
        ring->head = 0;
        ring->len = 0;
    }
}
