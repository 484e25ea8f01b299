/* The byte stream both decoders read from, and the frees of the public header. */
#include "codec_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void dc_stream_init_memory(dc_stream *stream, const uint8_t *data, size_t size) {
    memset(stream, 0, sizeof *stream);
    stream->fd = -1;
    stream->data = data;
    stream->size = size;
}

int dc_stream_init_fd(dc_stream *stream, int fd, uint64_t limit, size_t buffer_size) {
    memset(stream, 0, sizeof *stream);
    stream->fd = fd;
    stream->limit = limit;
    stream->capacity = buffer_size > 64 ? buffer_size : 64;
    stream->buffer = malloc(stream->capacity);
    stream->data = stream->buffer;
    return stream->buffer ? 0 : -1;
}

void dc_stream_free(dc_stream *stream) {
    free(stream->buffer);
    stream->buffer = NULL;
    stream->data = NULL;
    stream->size = stream->position = 0;
}

/* Appends one read() to the buffer's end; returns the bytes it gave, 0 at the end or on failure. */
static size_t read_more(dc_stream *stream) {
    if (stream->fd < 0 || stream->read_errno || stream->over_limit || stream->size == stream->capacity) return 0;
    ssize_t got;
    do got = read(stream->fd, stream->buffer + stream->size, stream->capacity - stream->size);
    while (got < 0 && errno == EINTR);
    if (got < 0) {
        stream->read_errno = errno;
        return 0;
    }
    stream->bytes_read += (uint64_t)got;
    if (stream->bytes_read > stream->limit) {
        stream->over_limit = 1;
        return 0;
    }
    stream->size += (size_t)got;
    return (size_t)got;
}

size_t dc_stream_fill(dc_stream *stream) {
    if (stream->position < stream->size) return stream->size - stream->position;
    if (stream->fd < 0) return 0;
    stream->position = stream->size = 0;
    read_more(stream);
    return stream->size;
}

size_t dc_stream_peek(dc_stream *stream, size_t count) {
    if (stream->fd >= 0 && stream->size - stream->position < count) {
        /* Moves what is left to the front, then reads until there is enough (a pipe gives little at a time). */
        memmove(stream->buffer, stream->buffer + stream->position, stream->size - stream->position);
        stream->size -= stream->position;
        stream->position = 0;
        if (count > stream->capacity) count = stream->capacity;
        while (stream->size < count && read_more(stream) > 0) {}
    }
    return stream->size - stream->position;
}

dc_status dc_stream_failure(const dc_stream *stream, char message[DC_MESSAGE_CAPACITY]) {
    if (stream->read_errno) {
        dc_set_message(message, "%s", strerror(stream->read_errno));
        return DC_ERROR_READ;
    }
    if (stream->over_limit) {
        dc_set_message(message, "more than %llu bytes", (unsigned long long)stream->limit);
        return DC_ERROR_FILE_TOO_LARGE;
    }
    return DC_OK;
}

void dc_image_free(dc_image *image) {
    free(image->pixels);
    free(image->exif);
    image->pixels = NULL;
    image->exif = NULL;
    image->exif_size = 0;
}

void dc_free(void *pointer) { free(pointer); }
