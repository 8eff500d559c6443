/**
 * The fake Discord for end-to-end tests; the implementation lives in ./fake-discord/.
 * This module keeps the import path every test uses.
 */
export {
  APPLICATION_ID,
  BOT_USER_ID,
  CHANNEL_ID,
  DM_CHANNEL_ID,
  EPHEMERAL,
  GUILD_ID,
  INTENTS,
  MISSING_CHANNEL_ID,
  OTHER_BOT_ID,
  OTHER_CHANNEL_ID,
  SECOND_GUILD_CHANNEL_ID,
  SECOND_GUILD_ID,
  USER_ID,
} from './fake-discord/constants.js';
export { FakeDiscord, type ChannelMessage, type FakeDiscordOptions, type InteractionResponse } from './fake-discord/fake-discord.js';
export { CALLBACK_WINDOW_MS, TOKEN_LIFETIME_MS, type Visibility } from './fake-discord/interaction-ledger.js';
export { errorPaths, type ErrorBody, type FieldIssue } from './fake-discord/discord-errors.js';
export { checkMessage, isEmptyMessage, MESSAGE_LIMITS } from './fake-discord/message-rules.js';
export { COMPONENT_LIMITS } from './fake-discord/component-rules.js';
export { CHOICE_LIMITS, checkChoices } from './fake-discord/autocomplete-rules.js';
export { UPLOAD_LIMITS } from './fake-discord/upload-rules.js';
export { AUTO_ARCHIVE_DURATIONS, THREAD_NAME_MAX } from './fake-discord/thread-routes.js';
export type { UploadedFile } from './fake-discord/request-body.js';
export type { RecordedRequest, Rejection } from './fake-discord/routing.js';
export type { ThreadRecord } from './fake-discord/message-store.js';
export type { UserMessageOptions } from './fake-discord/user-message.js';
