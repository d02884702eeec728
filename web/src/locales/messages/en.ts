// Strings of messages, campaign reminders and admins' notices in English; the same keys as
// zh-CN.ts (checked by its type).
import type { MessagesSchema } from './zh-CN';

const messagesEn: MessagesSchema = {
  menu: {
    messages: 'Messages',
    notices: 'Notices',
  },
  messages: {
    entry: 'My messages',
    readAll: 'Mark all read',
    allRead: 'All marked read',
    empty: 'No messages yet',
    noMore: 'No more',
    loadFailed: 'Could not load. Tap to retry',
    unread: 'Unread',
    kinds: {
      points: 'Points',
      lottery_result: 'Lottery',
      booking_reminder: 'Booking',
      voucher_expiring: 'Voucher',
      campaign_opening: 'Campaign',
      application_status: 'Application',
      notice: 'Notice',
      feedback_answer: 'Feedback',
    },
  },
  reminder: {
    remind: 'Remind me',
    reminded: 'Reminder set',
    on: 'We will send you a message when it opens',
    off: 'Reminder cancelled',
  },
  notices: {
    intro: 'Send a notice to every active member of a union and the unions under it; members read it under Me › Messages.',
    compose: 'Send a notice',
    org: 'Send to',
    orgPlaceholder: 'Your own union by default',
    orgHint: 'Every active member of this union and the unions under it',
    title: 'Title',
    titlePlaceholder: 'e.g. Labour Day event',
    titleRequired: 'Enter a title',
    body: 'Text',
    bodyRequired: 'Enter the text',
    link: 'Link (optional)',
    linkPlaceholder: 'A page of the member app, e.g. /campaigns',
    preview: 'Preview reach',
    previewLine: 'It will go to {recipients} members',
    previewNobody: 'No active members in this union',
    back: 'Back to edit',
    send: 'Send',
    sent: 'Sent to {delivered} members',
    sending: 'Sending…',
    columns: {
      title: 'Title',
      org: 'To',
      recipients: 'Reached',
      read: 'Read',
      status: 'Status',
      createdAt: 'Sent',
    },
    statuses: {
      running: 'Sending',
      done: 'Delivered',
    },
    empty: 'No notices sent yet',
    more: 'Load more',
  },
  errors: {
    already_open: 'The campaign has already opened',
    invalid_link: 'The link must be a page of the member app, starting with /',
  },
};

export default messagesEn;
