// The worker's types the UI may use, so no UI file outside this folder imports workers/ directly.
export type {
  BackendInfo,
  BackendPreference,
  CachedPackageInfo,
  Frame,
  LoadResult,
  ModelEntry,
} from '../../workers/api';
