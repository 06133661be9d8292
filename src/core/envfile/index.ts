export { holdsReference, isCredentialVariable, variableAtLine } from './credentialVariables';
export { MissingSecretsError, type SecretResolver, parseEnvFile, resolveEnv, resolveEnvFile } from './envFile';
export { envVarName } from './envVarName';
