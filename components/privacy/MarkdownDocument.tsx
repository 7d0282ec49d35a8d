import type { Block, Inline } from '@/lib/docs/markdown';

function Runs({ runs }: { runs: Inline[] }) {
  return (
    <>
      {runs.map((run, i) =>
        run.kind === 'strong' ? (
          <strong key={i}>{run.text}</strong>
        ) : run.kind === 'em' ? (
          <em key={i}>{run.text}</em>
        ) : run.kind === 'code' ? (
          <code key={i}>{run.text}</code>
        ) : (
          run.text
        ),
      )}
    </>
  );
}

/** A document read by lib/docs/markdown.ts, rendered as text. */
export function MarkdownDocument({ blocks }: { blocks: Block[] }) {
  return (
    <article>
      {blocks.map((block, i) => {
        if (block.type === 'heading') {
          const Tag = (['h1', 'h2', 'h3'] as const)[block.level - 1]!;
          return (
            <Tag key={i} id={block.id}>
              <Runs runs={block.content} />
            </Tag>
          );
        }
        if (block.type === 'list') {
          return (
            <ul key={i}>
              {block.items.map((item, j) => (
                <li key={j}>
                  <Runs runs={item} />
                </li>
              ))}
            </ul>
          );
        }
        return (
          <p key={i}>
            <Runs runs={block.content} />
          </p>
        );
      })}
    </article>
  );
}
