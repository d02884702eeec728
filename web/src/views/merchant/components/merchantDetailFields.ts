// The fields of a merchant's details that the application form and the merchant's own profile
// both edit, the control each takes, and how a page places them (MerchantDetailFields).
import type { Merchant, MerchantCategory } from '@/api/merchants';

// The form's values; the profile leaves out those fixed by the contract.
export interface MerchantDetails {
  name?: string;
  category?: MerchantCategory;
  address: string;
  lat: number | undefined;
  lng: number | undefined;
  contact_name: string;
  phone: string;
  licence_no?: string;
  description: string;
  opening_hours: string;
  external_url: string;
  platform: string;
  photo_ids: string[];
}

// The details a merchant's staff may edit, as `merchant` has them, or empty for a new one.
export function editableDetails(merchant?: Merchant): MerchantDetails {
  return {
    address: merchant?.address ?? '',
    lat: merchant?.lat,
    lng: merchant?.lng,
    contact_name: merchant?.contact_name ?? '',
    phone: merchant?.phone ?? '',
    opening_hours: merchant?.opening_hours ?? '',
    description: merchant?.description ?? '',
    external_url: merchant?.external_url ?? '',
    platform: merchant?.platform ?? '',
    photo_ids: [...(merchant?.photo_ids ?? [])],
  };
}

export type MerchantTextField =
  'name' | 'address' | 'contact_name' | 'phone' | 'licence_no' | 'opening_hours' | 'external_url' | 'platform' | 'description';
// The map point is one field of two values (lat and lng).
export type MerchantField = MerchantTextField | 'category' | 'location' | 'photo_ids';

interface Control {
  // Under consoleMerchants.
  label: string;
  // After the page's prefix.
  testid: string;
  required?: boolean;
  maxlength?: number;
  // An i18n key.
  placeholder?: string;
}

export const merchantFieldControls: Record<MerchantField, Control> = {
  name: { label: 'name', testid: 'name', required: true, maxlength: 100 },
  category: { label: 'category', testid: 'category', required: true, placeholder: 'merchantApplication.categoryPlaceholder' },
  address: { label: 'address', testid: 'address', required: true, maxlength: 200 },
  location: { label: 'location', testid: 'location', required: true },
  contact_name: { label: 'contactName', testid: 'contact', required: true, maxlength: 50 },
  phone: { label: 'phone', testid: 'phone', required: true, maxlength: 20, placeholder: 'consoleMerchants.phonePlaceholder' },
  licence_no: {
    label: 'licenceNo',
    testid: 'licence',
    required: true,
    maxlength: 30,
    placeholder: 'merchantApplication.licencePlaceholder',
  },
  opening_hours: { label: 'openingHours', testid: 'hours', maxlength: 100, placeholder: 'consoleMerchants.openingHoursPlaceholder' },
  external_url: { label: 'externalUrl', testid: 'url', maxlength: 300, placeholder: 'consoleMerchants.externalUrlPlaceholder' },
  platform: { label: 'platform', testid: 'platform', maxlength: 30, placeholder: 'consoleMerchants.platformPlaceholder' },
  description: { label: 'description', testid: 'description', maxlength: 2000 },
  photo_ids: { label: 'photos', testid: 'photos' },
};

// Where a page puts one field, and what it says there beyond the field's own control.
export interface MerchantFieldPlace {
  field: MerchantField;
  // Of 24 columns, from the small breakpoint up, in a row of several.
  span?: number;
  // An i18n key: a line of explanation under the control.
  hint?: string;
  // An i18n key in place of the control's own placeholder.
  placeholder?: string;
  // Lines of the description's text area.
  rows?: number;
  // A text input no wider than a phone number needs.
  narrow?: boolean;
}

// One row of the layout: a heading (an i18n key) above it, and one field or several side by
// side (each across the whole width on a phone).
export interface MerchantFieldRow {
  section?: string;
  places: MerchantFieldPlace[];
}
