// Strings of the membership card, the merchant's member check, sharing and the offer-use
// report figure in English; the same keys as zh-CN.ts (checked by its type).
import type { CardSchema } from './zh-CN';

const cardEn: CardSchema = {
  menu: {
    memberCard: 'Membership card',
  },
  consoleMenu: {
    memberCheck: 'Check member',
  },
  card: {
    title: 'Membership card',
    entry: 'Membership card',
    entryHint: 'Show it at a merchant for member offers',
    cardNo: 'Member number',
    union: 'Union',
    qrAlt: 'Membership QR code',
    refreshHint: 'The code changes every minute; screenshots do not work',
    refreshed: 'Updated {time}',
  },
  memberCheck: {
    title: 'Check member',
    tokenPlaceholder: 'Scan or paste the member code',
    check: 'Check',
    scan: 'Scan to check',
    hint: 'Ask the member to open Me → Membership card and show the QR code.',
    tokenRequired: 'Scan or paste a member code first',
    member: 'Member',
    union: 'Union',
    statuses: {
      valid: 'Valid',
      expired: 'Expired',
      invalid: 'Not valid',
    },
    expiredHint: 'The code has expired; ask the member to show a fresh one.',
    invalidHint: 'This member is frozen or has left the union: no member offers.',
    forgedHint: 'This is not a genuine member code.',
    offer: 'Offer used',
    offerPlaceholder: 'Choose one of your offers',
    noOffers: 'No current offers: add one under Offers first.',
    record: 'Record offer use',
    recorded: 'Recorded: {offer}',
    recordedBefore: 'This code was already recorded for this offer',
    wrongMerchant: 'This offer belongs to another merchant.',
  },
  share: {
    share: 'Share',
    title: 'Share',
    copyLink: 'Copy link',
    savePoster: 'Save poster',
    copied: 'Link copied',
    copyFailed: 'Could not copy; press and hold the link to copy it',
    posterTitle: 'Share poster',
    posterHint: 'Press and hold the image to save it, or download it below',
    download: 'Download poster',
    posterFooter: 'Scan the QR code to open',
    posterFailed: 'The poster could not be made; try again later',
  },
  errors: {
    card_expired: 'The member code has expired; ask for a fresh one.',
    member_inactive: 'This member is frozen or has left the union.',
    offer_not_current: 'This offer is withdrawn or outside its dates.',
    invalid_path: 'This page cannot be shared.',
  },
};

export default cardEn;
