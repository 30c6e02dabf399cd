/** A message in both languages the product speaks: Chinese for policy staff, English for developers. */
export interface Bilingual {
  'zh-CN': string;
  en: string;
}

export function msg(zh: string, en: string): Bilingual {
  return { 'zh-CN': zh, en };
}
