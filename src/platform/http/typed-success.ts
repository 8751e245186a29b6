// A route's serializer that writes its 200 answer as the handler built it, without checking it against the
// response schema on every request; every other status keeps the checked serializer. For a hot route only: the
// lender report's check cost a tenth of the server's CPU (bench/steps/http.ts), for an answer that its service
// already builds typed from that same schema. Such a route's tests must check that the schema accepts each
// answer unchanged, so that the published OpenAPI stays true.
import type { FastifySchema, FastifySerializerCompiler } from 'fastify'
import { serializerCompiler } from 'fastify-type-provider-zod'

export const typedSuccess: FastifySerializerCompiler<FastifySchema> = (route) =>
  route.httpStatus === '200'
    ? (data: unknown) => JSON.stringify(data)
    : (serializerCompiler as FastifySerializerCompiler<FastifySchema>)(route)
