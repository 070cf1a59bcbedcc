/**
 * The administration pages' tables: a region that scrolls sideways on a phone and can be reached
 * by keyboard (so it can be scrolled without a mouse), named by its caption or by a heading.
 */
export function AdminTable({
  labelledBy,
  caption,
  captionClassName = "sr-only",
  className = "",
  columns,
  children,
}: {
  /** The caption's id when there is a caption, else the id of the heading that names the table. */
  labelledBy: string;
  caption?: React.ReactNode;
  captionClassName?: string;
  className?: string;
  columns: React.ReactNode[];
  children: React.ReactNode;
}) {
  return (
    <div className={`${className} overflow-x-auto`.trim()} tabIndex={0} role="region" aria-labelledby={labelledBy}>
      <table className="w-full border-collapse text-left">
        {caption !== undefined && (
          <caption id={labelledBy} className={captionClassName}>
            {caption}
          </caption>
        )}
        <thead>
          <tr className="border-b-2 border-slate-600">
            {columns.map((column, i) => (
              <th key={i} scope="col" className={i < columns.length - 1 ? "py-2 pr-3" : "py-2"}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
