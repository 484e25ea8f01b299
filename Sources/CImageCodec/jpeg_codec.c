/* JPEG decoding to 8-bit gray: baseline and progressive, gray, YCbCr, RGB, Adobe CMYK/YCCK,
   with DCT scaling for large photos and the EXIF block handed back for orientation. */
#include "codec_internal.h"

#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>

typedef struct {
    struct jpeg_error_mgr manager;   /* first, so libjpeg's err pointer is also ours */
    jmp_buf jump;
    char *message;
} jpeg_error_trap;

static void on_jpeg_error(j_common_ptr info) {
    jpeg_error_trap *trap = (jpeg_error_trap *)info->err;
    char text[JMSG_LENGTH_MAX];
    trap->manager.format_message(info, text);
    dc_set_message(trap->message, "%s", text);
    longjmp(trap->jump, 1);
}

/* libjpeg only warns about a truncated or damaged scan and fills the rest with grey; such data is
   an error here. Warnings that leave the pixels intact stay silent. Nothing is ever printed. */
static void on_jpeg_message(j_common_ptr info, int level) {
    if (level >= 0) return;   /* trace messages */
    switch (info->err->msg_code) {
    case JWRN_ADOBE_XFORM:
    case JWRN_BOGUS_ICC:
    case JWRN_JFIF_MAJOR:
    case JWRN_EXTRANEOUS_DATA:   /* stray bytes between markers, common in camera files */
        return;
    default:
        on_jpeg_error(info);
    }
}

static void print_nothing(j_common_ptr info) { (void)info; }

/* A copy of the EXIF APP1 marker saved during jpeg_read_header, without its "Exif\0\0" prefix. */
static uint8_t *copy_exif(j_decompress_ptr info, size_t *size) {
    static const uint8_t prefix[6] = {'E', 'x', 'i', 'f', 0, 0};
    for (jpeg_saved_marker_ptr marker = info->marker_list; marker; marker = marker->next) {
        if (marker->marker != JPEG_APP0 + 1 || marker->data_length <= sizeof prefix) continue;
        if (memcmp(marker->data, prefix, sizeof prefix) != 0) continue;
        uint8_t *exif = malloc(marker->data_length - sizeof prefix);
        if (!exif) return NULL;   /* orientation is a nicety, not worth failing the image for */
        *size = marker->data_length - sizeof prefix;
        memcpy(exif, marker->data + sizeof prefix, *size);
        return exif;
    }
    return NULL;
}

/* The largest of 1/8, 1/4, 1/2 that keeps the shorter side at min_short_side or more. */
static unsigned dct_scale_denominator(uint32_t width, uint32_t height, uint32_t min_short_side) {
    if (min_short_side == 0) return 1;
    uint32_t short_side = width < height ? width : height;
    for (unsigned denominator = 8; denominator > 1; denominator /= 2)
        if (short_side / denominator >= min_short_side) return denominator;
    return 1;
}

/* A progressive JPEG decoded at 1/8 size needs only the DC coefficients, which its first scans carry.
   Reading stops there, skipping the Huffman decoding of every AC scan (most of the file). */
static int wants_dc_only(j_decompress_ptr info) {
    return info->progressive_mode && info->scale_num * 8 == info->scale_denom;
}

/* Reads scans until every component the gray output needs has its DC coefficients. */
static void consume_dc_scans(j_decompress_ptr info) {
    int needed = info->jpeg_color_space == JCS_YCbCr || info->jpeg_color_space == JCS_GRAYSCALE
        ? 1 : info->num_components;   /* gray from YCbCr is Y alone */
    for (;;) {
        int result = jpeg_consume_input(info);
        if (result == JPEG_REACHED_EOI) return;
        if (result != JPEG_SCAN_COMPLETED) continue;
        int known = 1;
        for (int c = 0; c < needed; c++) known &= info->coef_bits[c][0] >= 0;
        if (known) return;
    }
}

/* libjpeg's source manager over a dc_stream: each refill hands over the stream's next buffer. */
typedef struct {
    struct jpeg_source_mgr manager;   /* first, so libjpeg's src pointer is also ours */
    dc_stream *stream;
    size_t handed;                    /* bytes of the stream's buffer given to libjpeg last time */
} stream_source;

static void start_source(j_decompress_ptr info) { (void)info; }
static void end_source(j_decompress_ptr info) { (void)info; }

/* Marks what libjpeg was given as consumed and makes the next bytes its buffer; returns their count,
   0 at the end of the stream. */
static size_t hand_over_next(stream_source *source) {
    dc_stream *stream = source->stream;
    stream->position += source->handed;
    source->handed = dc_stream_fill(stream);
    source->manager.next_input_byte = stream->data + stream->position;
    source->manager.bytes_in_buffer = source->handed;
    return source->handed;
}

static boolean refill_source(j_decompress_ptr info) {
    static const JOCTET end_of_image[2] = {0xFF, JPEG_EOI};
    if (hand_over_next((stream_source *)info->src) == 0) {
        /* As jpeg_mem_src does: a warning (an error here, see on_jpeg_message) and a fake EOI. */
        WARNMS(info, JWRN_JPEG_EOF);
        info->src->next_input_byte = end_of_image;
        info->src->bytes_in_buffer = 2;
    }
    return TRUE;
}

static void skip_source(j_decompress_ptr info, long count) {
    struct jpeg_source_mgr *manager = info->src;
    if (count <= 0) return;
    while ((size_t)count > manager->bytes_in_buffer) {
        count -= (long)manager->bytes_in_buffer;
        manager->bytes_in_buffer = 0;
        refill_source(info);
    }
    manager->next_input_byte += count;
    manager->bytes_in_buffer -= (size_t)count;
}

static void use_stream(j_decompress_ptr info, stream_source *source, dc_stream *stream) {
    source->stream = stream;
    source->handed = 0;
    source->manager = (struct jpeg_source_mgr){
        .init_source = start_source, .fill_input_buffer = refill_source, .skip_input_data = skip_source,
        .resync_to_restart = jpeg_resync_to_restart, .term_source = end_source,
    };
    info->src = &source->manager;
}

/* The scans left unread must still end in an EOI marker: a truncated file stays an error. The rest
   of the stream is read (not decoded) to find it, one buffer at a time. FF D9 cannot occur inside
   entropy-coded data, where every FF byte is followed by 00 or RSTn. */
static int has_end_marker(j_decompress_ptr info) {
    int after_ff = 0;
    do {
        const JOCTET *bytes = info->src->next_input_byte;
        for (size_t i = 0; i < info->src->bytes_in_buffer; i++) {
            if (after_ff && bytes[i] == 0xD9) return 1;
            after_ff = bytes[i] == 0xFF;
        }
    } while (hand_over_next((stream_source *)info->src) > 0);
    return 0;
}

/* Luma of one CMYK pixel. Adobe writes CMYK inverted (255 = no ink), and says so with its marker. */
static uint8_t cmyk_to_gray(const uint8_t *cmyk, int adobe_inverted) {
    uint32_t c = cmyk[0], m = cmyk[1], y = cmyk[2], k = cmyk[3];
    if (!adobe_inverted) {
        c = 255 - c;
        m = 255 - m;
        y = 255 - y;
        k = 255 - k;
    }
    /* Now each value is the share of light the ink lets through. */
    uint32_t red = c * k, green = m * k, blue = y * k;   /* 0 ... 255 * 255 */
    return (uint8_t)((red * 77 + green * 150 + blue * 29 + 128 * 255) / (256 * 255));
}

/* All state of one decode. It lives in the caller's frame, so whatever was set before a longjmp
   is still there for the cleanup (locals of the function that calls setjmp would not be). */
typedef struct {
    struct jpeg_decompress_struct info;
    jpeg_error_trap trap;
    uint8_t *pixels;
    uint8_t *scanline;               /* one CMYK row, converted to gray as it arrives */
    uint8_t *exif;
    stream_source source;
    dc_status status;
} jpeg_session;

static void decode_under_trap(jpeg_session *session, dc_stream *stream, const dc_decode_options *options,
                              dc_image *out) {
    struct jpeg_decompress_struct *info = &session->info;
    session->status = DC_ERROR_CORRUPT;
    if (setjmp(session->trap.jump)) return;

    jpeg_create_decompress(info);
    use_stream(info, &session->source, stream);
    jpeg_save_markers(info, JPEG_APP0 + 1, 0xFFFF);
    jpeg_read_header(info, TRUE);
    if (dc_exceeds_limit(info->image_width, info->image_height, options, out->message)) {
        session->status = DC_ERROR_TOO_LARGE;
        return;
    }
    session->exif = copy_exif(info, &out->exif_size);

    int is_cmyk = info->jpeg_color_space == JCS_CMYK || info->jpeg_color_space == JCS_YCCK;
    info->out_color_space = is_cmyk ? JCS_CMYK : JCS_GRAYSCALE;   /* gray from YCbCr is just Y */
    info->scale_num = 1;
    info->scale_denom = dct_scale_denominator(info->image_width, info->image_height, options->min_short_side);
    int dc_only = wants_dc_only(info);
    info->buffered_image = dc_only;
    jpeg_start_decompress(info);
    if (dc_only) {
        consume_dc_scans(info);
        jpeg_start_output(info, info->input_scan_number);
    }

    uint32_t width = info->output_width, height = info->output_height;
    session->pixels = malloc((size_t)width * height);
    session->scanline = is_cmyk ? malloc((size_t)width * 4) : NULL;
    if (!session->pixels || (is_cmyk && !session->scanline)) {
        dc_set_message(out->message, "out of memory for %ux%u pixels", width, height);
        session->status = DC_ERROR_OUT_OF_MEMORY;
        return;
    }
    int adobe_inverted = info->saw_Adobe_marker;
    while (info->output_scanline < height) {
        uint8_t *row = session->pixels + (size_t)info->output_scanline * width;
        JSAMPROW target = is_cmyk ? session->scanline : row;
        jpeg_read_scanlines(info, &target, 1);
        if (is_cmyk)
            for (uint32_t x = 0; x < width; x++) row[x] = cmyk_to_gray(session->scanline + 4 * x, adobe_inverted);
    }
    if (dc_only) {
        jpeg_finish_output(info);
        if (!jpeg_input_complete(info) && !has_end_marker(info)) {
            dc_set_message(out->message, "Premature end of JPEG file");
            return;
        }
    } else {
        jpeg_finish_decompress(info);
    }

    out->width = width;
    out->height = height;
    out->source_width = info->image_width;
    out->source_height = info->image_height;
    session->status = DC_OK;
}

dc_status dc_decode_jpeg(dc_stream *stream, const dc_decode_options *options, dc_image *out) {
    memset(out, 0, sizeof *out);
    jpeg_session session = {.trap.message = out->message};
    session.info.err = jpeg_std_error(&session.trap.manager);
    session.trap.manager.error_exit = on_jpeg_error;
    session.trap.manager.emit_message = on_jpeg_message;
    session.trap.manager.output_message = print_nothing;
    decode_under_trap(&session, stream, options, out);

    jpeg_destroy_decompress(&session.info);
    free(session.scanline);
    if (session.status != DC_OK && dc_stream_failure(stream, out->message) != DC_OK)
        session.status = dc_stream_failure(stream, out->message);
    return dc_hand_over(session.status, session.pixels, session.exif, out);
}
