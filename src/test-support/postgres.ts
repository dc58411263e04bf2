// The throwaway cluster lives with the benchmarks (which need it from the built dist too).
export { postgresUnavailable, startCluster, type ThrowawayCluster } from '../bench/pg-cluster.js';
