import { useState, type RefObject } from 'react';
import type { KeyRecord } from '../../../../contract/hotkey-task';
import { downloadFile, keysToCsv, keysToJson } from '../export-keys';

export function ResultToolbar({
  panelRef,
  keys,
  fileStem,
}: {
  panelRef: RefObject<HTMLElement | null>;
  keys: readonly KeyRecord[];
  fileStem: string;
}) {
  const [message, setMessage] = useState('');

  const copyLink = async () => {
    try {
      await navigator.clipboard.writeText(window.location.href);
      setMessage('Link copied');
    } catch {
      // Clipboard access needs a secure context or permission; the address bar holds the same link.
      setMessage('Copy the address bar: it holds this exact view');
    }
  };

  const downloadPng = async () => {
    const panel = panelRef.current;
    if (!panel) return;
    setMessage('Rendering PNG…');
    try {
      const { toBlob } = await import('html-to-image');
      const dark = document.documentElement.classList.contains('dark');
      // Controls (marked data-not-in-png) are not part of the picture; the header says what they set. They are
      // taken out of the layout while the picture is taken: the copy keeps each box's measured size, so merely
      // leaving them out of it would leave their space blank.
      panel.dataset.pngCapture = '';
      let blob: Blob | null;
      try {
        blob = await toBlob(panel, { backgroundColor: dark ? '#0f172a' : '#ffffff', pixelRatio: 2 });
      } finally {
        delete panel.dataset.pngCapture;
      }
      if (!blob) throw new Error('the browser produced no image');
      downloadFile(`${fileStem}.png`, blob, 'image/png');
      setMessage('PNG downloaded');
    } catch (error) {
      setMessage(`PNG failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  return (
    <div className="flex max-w-md flex-wrap items-center justify-end gap-2" data-not-in-png="">
      <button className="btn" onClick={copyLink}>
        Copy link
      </button>
      <button className="btn" onClick={downloadPng}>
        Download PNG
      </button>
      <button className="btn" onClick={() => downloadFile(`${fileStem}.csv`, keysToCsv(keys), 'text/csv')}>
        Export CSV
      </button>
      <button className="btn" onClick={() => downloadFile(`${fileStem}.json`, keysToJson(keys), 'application/json')}>
        Export JSON
      </button>
      <span role="status" className="w-full text-right text-sm text-slate-600 dark:text-slate-400">
        {message}
      </span>
    </div>
  );
}
