import { fieldError } from './errors.js';

/** The password rule: at least 8 characters, letters and digits both. */
export function checkPassword(password: string, field = 'password'): void {
  if (password.length < 8 || !/[A-Za-z]/.test(password) || !/\d/.test(password)) {
    throw fieldError(field, '密码至少 8 位，且须同时包含字母和数字', 'the password needs at least 8 characters with both letters and digits');
  }
}
