declare module 'autocannon' {
  interface Histogram { average: number; p50: number; p99: number }
  interface Result { requests: Histogram; latency: Histogram; errors: number; timeouts: number; non2xx: number; '2xx': number }
  interface Options { url: string; method?: string; body?: string; headers?: Record<string, string>; connections?: number; duration?: number }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
