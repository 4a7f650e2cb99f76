// Personal data as units see it (DOMAIN.md §14): confidential tickets show 张* and 138****5678.
import { fieldError } from './errors.js';

/** Digits only, without a leading +86 / 0086; what the keyed hash is computed over. */
export function normalizePhone(raw: string): string {
  let digits = raw.replace(/[\s\-()（）]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  return digits;
}

/** Mobile numbers (11 digits from 1) and fixed lines with area code (0xx-xxxxxxx, 10–12 digits). */
export function checkPhone(raw: string, field = 'citizen.phone'): string {
  const phone = normalizePhone(raw);
  if (!/^(1[3-9]\d{9}|0\d{9,11}|\d{7,8})$/.test(phone)) {
    throw fieldError(field, '电话号码格式不正确（手机 11 位，或带区号的固定电话）', 'not a valid phone number (11-digit mobile, or a fixed line with area code)');
  }
  return phone;
}

/** 18-character resident ID (last may be X), with its ISO 7064 check digit. */
export function checkIdNumber(raw: string, field = 'citizen.idNumber'): string {
  const id = raw.trim().toUpperCase();
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const ok = /^\d{17}[\dX]$/.test(id) && '10X98765432'[weights.reduce((s, w, i) => s + w * Number(id[i]), 0) % 11] === id[17];
  if (!ok) throw fieldError(field, '身份证号码不正确', 'not a valid resident ID number');
  return id;
}

export const maskPhone = (phone: string): string =>
  phone.length >= 11 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : phone.length > 4 ? `${'*'.repeat(phone.length - 4)}${phone.slice(-4)}` : '****';

/** 张三 → 张*, 欧阳娜娜 → 欧***; a Latin name keeps its first letter. */
export const maskName = (name: string): string => {
  const chars = [...name.trim()];
  return chars.length === 0 ? '' : chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
};
