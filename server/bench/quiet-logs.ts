// Imported first by the benchmarks: one JSON log line per request would dominate their output.
process.env.YARDSTICK_LOG_LEVEL ??= 'warn';
