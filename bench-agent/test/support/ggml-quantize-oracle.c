/*
 * Test oracle for the TypeScript quantizers: runs llama.cpp's own quantizer, the one in the
 * libggml-base library shipped inside node-llama-cpp's prebuilt package (3.21.1: llama.cpp bundle
 * commit 80fb11ac73e66d89eae2c6a91d8a77428fa733ed, ggml 0.4.0), through ggml's public API
 * (include/ggml.h: ggml_quantize_chunk, ggml_row_size). With no importance matrix,
 * ggml_quantize_chunk calls quantize_row_<type>_ref, exactly what llama-quantize runs.
 *
 * usage: ggml-quantize-oracle LIBGGML_BASE TYPE_ID ROWS ROW_LENGTH < float32 values > blocks
 * TYPE_ID is ggml's enum ggml_type (F16 = 1, Q4_0 = 2, Q8_0 = 8, Q4_K = 12, Q5_K = 13, Q6_K = 14).
 */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

typedef size_t (*quantize_chunk_fn)(int type, const float *src, void *dst, int64_t start, int64_t nrows,
                                    int64_t n_per_row, const float *imatrix);
typedef size_t (*row_size_fn)(int type, int64_t ne);

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: %s LIBGGML_BASE TYPE_ID ROWS ROW_LENGTH\n", argv[0]);
        return 2;
    }
    void *lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        fprintf(stderr, "dlopen: %s\n", dlerror());
        return 1;
    }
    quantize_chunk_fn quantize_chunk = (quantize_chunk_fn)dlsym(lib, "ggml_quantize_chunk");
    row_size_fn row_size = (row_size_fn)dlsym(lib, "ggml_row_size");
    if (!quantize_chunk || !row_size) {
        fprintf(stderr, "dlsym: %s\n", dlerror());
        return 1;
    }
    int type = atoi(argv[2]);
    int64_t rows = atoll(argv[3]);
    int64_t row_length = atoll(argv[4]);
    size_t count = (size_t)(rows * row_length);
    float *src = malloc(count * sizeof(float));
    if (fread(src, sizeof(float), count, stdin) != count) {
        fprintf(stderr, "expected %zu float32 values on stdin\n", count);
        return 1;
    }
    size_t bytes = row_size(type, row_length) * (size_t)rows;
    void *dst = calloc(1, bytes);
    size_t written = quantize_chunk(type, src, dst, 0, rows, row_length, NULL);
    if (written != bytes) {
        fprintf(stderr, "ggml_quantize_chunk wrote %zu bytes, expected %zu\n", written, bytes);
        return 1;
    }
    fwrite(dst, 1, bytes, stdout);
    return 0;
}
