import { z } from 'zod';
import { ConfigError, describeZodError } from '../shared/errors.ts';

const opsConfigSchema = z.object({
  cloudUrl: z.string().url().optional().describe("the cloud's base URL (TIXMO_CLOUD_URL)"),
  apiKey: z
    .string()
    .regex(/^tixmo_/, 'must be an API key (tixmo_…)')
    .optional()
    .describe(
      "an organization API key (TIXMO_API_KEY) with the scopes the command needs; it does not expire like a login's access token",
    ),
  token: z
    .string()
    .min(1)
    .optional()
    .describe("a signed-in user's access token (TIXMO_TOKEN); expires after minutes"),
});

export type OpsConfig = z.infer<typeof opsConfigSchema>;

/** The environment of the `tixmo` commands that call the cloud, read once by the CLI and passed in. */
export function loadOpsConfig(env: NodeJS.ProcessEnv): OpsConfig {
  const parsed = opsConfigSchema.safeParse({
    cloudUrl: env.TIXMO_CLOUD_URL || undefined,
    apiKey: env.TIXMO_API_KEY || undefined,
    token: env.TIXMO_TOKEN || undefined,
  });
  if (!parsed.success) throw new ConfigError(`environment: ${describeZodError(parsed.error)}`);
  return parsed.data;
}
