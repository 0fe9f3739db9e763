"""Telegram's limits, the methods and fields the fake knows, and the texts of its errors."""

from __future__ import annotations

import re
from typing import Final

MAX_MESSAGE_LENGTH: Final = 4096
HOLD_LIMIT: Final = 60.0
"""Longest a held ``sendMessage`` waits (see :meth:`FakeBotApi.hold`)."""
"""Longest message text, in UTF-16 code units after entity parsing."""

MAX_CALLBACK_DATA_BYTES: Final = 64
MAX_RAW_TEXT_BYTES: Final = 1 << 15
MAX_LONG_POLL_SECONDS: Final = 30
MAX_INLINE_RESULTS: Final = 50
MAX_CALLBACK_ANSWER_LENGTH: Final = 200
"""Longest text of a callback query's answer (a toast or an alert), in characters."""

STATUS_DROPPED: Final = 0
""":attr:`ApiCall.status` of a request whose connection the fake closed without answering."""
STATUS_CLIENT_GONE: Final = 499
""":attr:`ApiCall.status` of a request the client abandoned before it was answered."""

DEFAULT_FAULT_METHODS: Final = frozenset(
    {"sendMessage", "editMessageText", "editMessageReplyMarkup", "sendChatAction", "getUpdates"}
)

SUPPORTED_METHODS: Final = (
    "getMe",
    "getUpdates",
    "deleteWebhook",
    "setWebhook",
    "getWebhookInfo",
    "setMyCommands",
    "getMyCommands",
    "deleteMyCommands",
    "sendMessage",
    "editMessageText",
    "editMessageReplyMarkup",
    "sendChatAction",
    "answerCallbackQuery",
    "answerInlineQuery",
    "getFile",
    "close",
    "logOut",
)

_TOKEN_RE: Final = re.compile(r"\d+:[A-Za-z0-9_-]{30,}")
_JSON_FIELDS: Final = frozenset(
    {
        "allowed_updates",
        "button",
        "caption_entities",
        "commands",
        "entities",
        "link_preview_options",
        "reply_markup",
        "reply_parameters",
        "results",
        "scope",
    }
)
_INT_FIELDS: Final = frozenset(
    {
        "cache_time",
        "chat_id",
        "limit",
        "max_connections",
        "message_id",
        "message_thread_id",
        "offset",
        "reply_to_message_id",
        "timeout",
        "user_id",
    }
)
_BOOL_FIELDS: Final = frozenset(
    {
        "allow_sending_without_reply",
        "disable_notification",
        "disable_web_page_preview",
        "drop_pending_updates",
        "is_personal",
        "protect_content",
        "show_alert",
    }
)
_UPDATE_TYPES: Final = (
    "message",
    "edited_message",
    "channel_post",
    "edited_channel_post",
    "business_connection",
    "business_message",
    "edited_business_message",
    "deleted_business_messages",
    "message_reaction",
    "message_reaction_count",
    "inline_query",
    "chosen_inline_result",
    "callback_query",
    "shipping_query",
    "pre_checkout_query",
    "purchased_paid_media",
    "poll",
    "poll_answer",
    "my_chat_member",
    "chat_member",
    "chat_join_request",
    "chat_boost",
    "removed_chat_boost",
)
_DEFAULT_ALLOWED_UPDATES: Final = frozenset(_UPDATE_TYPES) - {
    "chat_member",
    "message_reaction",
    "message_reaction_count",
}
_CHAT_ACTIONS: Final = frozenset(
    {
        "cancel",
        "typing",
        "record_video",
        "upload_video",
        "record_audio",
        "record_voice",
        "upload_audio",
        "upload_voice",
        "upload_photo",
        "upload_document",
        "choose_sticker",
        "pick_up_location",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_INLINE_RESULT_TYPES: Final = frozenset(
    {
        "article",
        "audio",
        "contact",
        "document",
        "game",
        "gif",
        "location",
        "mpeg4_gif",
        "photo",
        "sticker",
        "venue",
        "video",
        "voice",
    }
)
_BUTTON_ACTION_FIELDS: Final = (
    "url",
    "callback_data",
    "callback_game",
    "pay",
    "switch_inline_query",
    "switch_inline_query_chosen_chat",
    "switch_inline_query_current_chat",
    "login_url",
    "web_app",
    "copy_text",
)
_COMMAND_RE: Final = re.compile(r"[a-z0-9_]{1,32}")
_SECRET_TOKEN_RE: Final = re.compile(r"[A-Za-z0-9_-]{1,256}")
_BOT_COMMAND_IN_TEXT_RE: Final = re.compile(
    r"(?<![A-Za-z0-9_/<>])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![A-Za-z0-9_/<>])"
)
_NOT_MODIFIED: Final = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
_QUERY_TOO_OLD: Final = (
    "Bad Request: query is too old and response timeout expired or query ID is invalid"
)
_BAD_GATEWAY_HTML: Final = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n"
    "</body>\r\n</html>\r\n"
)
_STRICT: Final = "FakeBotApi strict mode"
_BAD_REPLY_PARAMETERS: Final = "Bad Request: can't parse reply parameters JSON object"
