"""An owner sends a report file; the bot adds it to the library and says when it serves.

The file is refused before it is downloaded when it is not a report's kind or is larger
than a bot may download (20 MB) or than ``MAX_REPORT_MB``. It is downloaded into a draft
(``bot.storage.shelf``) and read there exactly as the reload will read it: under the
reading limits, in a worker process, through the parsed-report cache, so a hostile file
is refused with the reason the reload would log, and a good one is not parsed twice. A
file whose name is taken waits for the owner's choice (Replace / Keep both / Cancel);
otherwise it is placed at once. The owner then hears when the reload serves it.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import CallbackQuery, Document, Message, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.conversation import owner_replies as say
from bot.conversation.callbacks import Action
from bot.conversation.owners import Owners, Upload
from bot.conversation.reload_wait import announce
from bot.conversation.state import BotState, state
from bot.storage.shelf import Shelf, ShelfError, safe_name
from retrieval import Report, ReportError

logger = logging.getLogger(__name__)

DOWNLOAD_SECONDS = 120.0
"""How long the download of one file (at most 20 MB) may take."""
SUFFIX_OF_TYPE = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "text/html": ".html",
    "text/markdown": ".md",
    "text/plain": ".txt",
}
"""A file sent without a name is named "report" with the suffix of its type."""


async def document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Add the report file an owner sent; tell anyone else, politely, that only owners can."""
    message, bot_state = update.effective_message, state(context)
    owners = bot_state.owners
    if message is None or message.document is None:
        return
    if owners is None or not owners.owns(update):
        if message.chat.type == ChatType.PRIVATE:
            await message.reply_text(say.owners_only())
        return
    if owners.shelf is None:
        await message.reply_text(say.not_a_folder())
        return
    sent = message.document
    given = sent.file_name or f"report{SUFFIX_OF_TYPE.get(sent.mime_type or '', '')}"
    name = safe_name(given)
    if name is None:
        await message.reply_text(say.not_a_report(given))
        return
    if sent.file_size is not None and sent.file_size > owners.largest:
        await message.reply_text(say.too_big(name, sent.file_size, owners.largest))
        return
    status = await message.reply_text(say.reading(name), do_quote=True)
    await _receive(status, sent, name, owners.shelf, owners, bot_state, context)


async def _receive(
    status: Message,
    sent: Document,
    name: str,
    shelf: Shelf,
    owners: Owners,
    bot_state: BotState,
    context: ContextTypes.DEFAULT_TYPE,
) -> None:
    """Download, read, and place the file, or ask the owner when its name is taken."""
    try:
        draft = shelf.draft(name)
    except ShelfError as error:
        await status.edit_text(say.refused(name, str(error)))
        return
    try:
        telegram_file = await context.bot.get_file(sent.file_id)
        await telegram_file.download_to_drive(draft, read_timeout=DOWNLOAD_SECONDS)
        report = await asyncio.to_thread(owners.read, draft)
    except TelegramError as error:
        shelf.discard(draft)
        await status.edit_text(say.not_downloaded(name, error.message))
        return
    except OSError as error:  # the disk is full, the folder went away
        shelf.discard(draft)
        await status.edit_text(say.refused(name, error.strerror or str(error)))
        return
    except ReportError as error:
        shelf.discard(draft)
        logger.info("Owner's file %r refused: %s", name, error)
        await status.edit_text(say.refused(name, str(error).replace(str(draft), name)))
        return
    upload = Upload(draft, name, report, status.chat.id)
    try:
        shelf.place(draft, name)
    except FileExistsError:
        number = owners.wait(upload)
        other = shelf.free_name(name)
        keyboard = say.upload_keyboard(number, other, bot_state.catalogue)
        await status.edit_text(say.name_taken(name, report, other), reply_markup=keyboard)
        return
    except ShelfError as error:
        shelf.discard(draft)
        await status.edit_text(say.refused(name, str(error)))
        return
    await _placed(status, name, report, owners, context)


async def choose(
    query: CallbackQuery,
    message: Message,
    action: Action,
    bot_state: BotState,
    context: ContextTypes.DEFAULT_TYPE,
) -> None:
    """Replace / Keep both / Cancel, for a file whose name was taken."""
    owners = bot_state.owners
    if owners is None or owners.shelf is None or query.from_user.id not in owners.ids:
        await message.reply_text(say.owners_only())
        return
    upload = owners.pending.get(action.value)
    if upload is None or upload.owner != message.chat.id:
        await message.edit_text(say.upload_expired())
        return
    del owners.pending[action.value]
    shelf = owners.shelf
    if action.report == say.CANCEL:
        shelf.discard(upload.draft)
        await message.edit_text(say.upload_cancelled(upload.name))
        return
    replace = action.report == say.REPLACE
    try:
        name = upload.name if replace else shelf.free_name(upload.name)
        shelf.place(upload.draft, name, replace=replace)
    except (ShelfError, FileExistsError) as error:  # a copy's name taken just now
        shelf.discard(upload.draft)
        await message.edit_text(say.refused(upload.name, str(error)))
        return
    await _placed(message, name, upload.report, owners, context)


async def _placed(
    status: Message,
    name: str,
    report: Report,
    owners: Owners,
    context: ContextTypes.DEFAULT_TYPE,
) -> None:
    """Say the file is saved; when it serves, say so in a new message (a notification)."""
    logger.info("Owner added %s to the library", name)
    await status.edit_text(say.saved(name, report, owners.reload_interval))
    if owners.reload_interval > 0:
        late = say.not_served_yet(name, owners.patience)
        announce(
            status,
            name,
            report,
            owners.patience,
            context,
            lambda serving: say.now_served(name, report, len(serving.catalogue.reports)),
            late,
        )
