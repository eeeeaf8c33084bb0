// Terminal size from Ink's stdout, updated on 'resize' (Ink 6.8 has no useWindowSize).
import { useEffect, useState } from 'react';
import { useStdout } from 'ink';

export interface TerminalSize {
  columns: number;
  rows: number;
}

const read = (out: NodeJS.WriteStream): TerminalSize => ({
  columns: Math.max(1, out.columns || 80),
  rows: Math.max(1, out.rows || 24),
});

export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => read(stdout));
  useEffect(() => {
    const onResize = () => {
      const next = read(stdout);
      setSize((cur) => (cur.columns === next.columns && cur.rows === next.rows ? cur : next));
    };
    onResize();
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}
