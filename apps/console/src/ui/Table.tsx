import type { ReactNode } from 'react';

export interface Column<T> {
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** Right-aligned numbers. */
  numeric?: boolean;
  className?: string;
}

export interface TableProps<T> {
  caption: string;
  columns: ReadonlyArray<Column<T>>;
  rows: ReadonlyArray<T>;
  rowKey: (row: T) => string;
  empty?: ReactNode;
  footer?: ReactNode;
  /** Visually hide the caption (the page heading says it already). */
  hideCaption?: boolean;
  onRowClick?: (row: T) => void;
}

/** A table in a keyboard-scrollable region (narrow screens scroll it sideways). */
export function Table<T>({ caption, columns, rows, rowKey, empty, footer, hideCaption, onRowClick }: TableProps<T>) {
  return (
    <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table>
        <caption className={hideCaption ? 'visually-hidden' : undefined}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col" className={[c.numeric ? 'num' : '', c.className ?? ''].join(' ').trim() || undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="empty">
                {empty ?? 'Nothing here yet.'}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={rowKey(row)} className={onRowClick ? 'clickable' : undefined} onClick={onRowClick ? () => onRowClick(row) : undefined}>
                {columns.map((c, i) => (
                  <td key={i} className={[c.numeric ? 'num' : '', c.className ?? ''].join(' ').trim() || undefined}>
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
        {footer ? <tfoot>{footer}</tfoot> : null}
      </table>
    </div>
  );
}
