/**
 * The fake Discord for end-to-end tests. The implementation lives in scripts/fake-discord/,
 * because the benchmark drives the real bot against it too (scripts never import from
 * test/); this module keeps the import path every test uses.
 */
export {
  ALL_PERMISSIONS,
  APPLICATION_ID,
  BOT_USER_ID,
  CHANNEL_ID,
  DM_CHANNEL_ID,
  FORUM_CHANNEL_ID,
  EPHEMERAL,
  GUILD_ID,
  INTENTS,
  MANAGE_GUILD_PERMISSIONS,
  MISSING_CHANNEL_ID,
  OTHER_BOT_ID,
  OTHER_CHANNEL_ID,
  OWNER_ID,
  SECOND_GUILD_CHANNEL_ID,
  SECOND_GUILD_ID,
  USER_ID,
} from '../../scripts/fake-discord/constants.js';
export { channelOfGuild } from '../../scripts/fake-discord/guild-fixture.js';
export { FakeDiscord, type ChannelMessage, type FakeDiscordOptions, type InteractionResponse, type Invoker } from '../../scripts/fake-discord/fake-discord.js';
export { EVERY_PERMISSION, PERMISSION, basePermissions, channelPermissions, type Overwrite } from '../../scripts/fake-discord/permissions.js';
export { CALLBACK_WINDOW_MS, TOKEN_LIFETIME_MS, type Visibility } from '../../scripts/fake-discord/interaction-ledger.js';
export { errorPaths, type ErrorBody, type FieldIssue } from '../../scripts/fake-discord/discord-errors.js';
export { checkMessage, isEmptyMessage, MESSAGE_LIMITS } from '../../scripts/fake-discord/message-rules.js';
export { COMPONENT_LIMITS } from '../../scripts/fake-discord/component-rules.js';
export { CHOICE_LIMITS, checkChoices } from '../../scripts/fake-discord/autocomplete-rules.js';
export { UPLOAD_LIMITS } from '../../scripts/fake-discord/upload-rules.js';
export { AUTO_ARCHIVE_DURATIONS, THREAD_NAME_MAX } from '../../scripts/fake-discord/thread-routes.js';
export { NONCE_WINDOW_MS } from '../../scripts/fake-discord/nonce-window.js';
export type { UploadedFile } from '../../scripts/fake-discord/request-body.js';
export type { RecordedRequest, Rejection } from '../../scripts/fake-discord/routing.js';
export type { ThreadRecord } from '../../scripts/fake-discord/message-store.js';
export type { UserMessageOptions } from '../../scripts/fake-discord/user-message.js';
