/**
 * An instant as a table row shows it, written out on the server. Table rows render in client components
 * (the `*-rows.tsx` beside each page) from plain data, and the browser's Intl may spell a time differently
 * from Node's (a narrow no-break space before "PM"), which would not hydrate.
 */
export type Stamp = { iso: string; text: string };

/** The instant and its words, in the page's format of choice. */
export function stampOf(date: Date, format: (date: Date) => string): Stamp {
  return { iso: date.toISOString(), text: format(date) };
}

export function StampTime({ stamp }: { stamp: Stamp }) {
  return <time dateTime={stamp.iso}>{stamp.text}</time>;
}
