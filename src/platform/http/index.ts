// The HTTP platform's public surface: domain modules and the server composition root import only this.
export {
  createHttpServer,
  type HttpServer,
  type HttpServerOptions,
  type RateLimitSettings,
  type RoutePlugin,
  type UploadLimits,
} from './server.ts'
export {
  listenWithShutdown,
  type ListenAddress,
  type RunningServer,
  type ShutdownSettings,
} from './shutdown.ts'
export {
  requirePrincipal,
  requireRole,
  type Authenticate,
  type Principal,
  type PrincipalKind,
} from './principal.ts'
export { INVALID_CREDENTIAL, isPublicRoute } from './authentication.ts'
export { typedSuccess } from './typed-success.ts'
export { queryInteger } from './query-number.ts'
export {
  errorBody,
  errorBodySchema,
  type ErrorBody,
  type FieldProblem,
  type HttpErrorCode,
} from './error-handler.ts'
export { CONSUMER_SESSION, DOCS_PREFIX, MEMBER_API_KEY, security, type ApiInfo } from './openapi.ts'
export type { HealthOptions } from './health.ts'
export { REQUEST_ID_HEADER, requestIdOf } from './request-id.ts'
export { byteSize, uploadedFile, type Upload, type UploadOptions } from './upload.ts'
export { DEFAULT_MINIMUM_RATE, type MinimumRate } from './upload-pace.ts'
export { admitUpload, UploadSlots, UPLOAD_RETRY_AFTER_S } from './upload-slots.ts'
