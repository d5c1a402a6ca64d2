/** Save `content` as a file through the browser's download (a Blob behind an `<a download>`). */
export function download(fileName: string, content: Blob | string, type: string): void {
  const blob = typeof content === 'string' ? new Blob([content], { type }) : content;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has read the blob by the next tasks; free it a little later to be safe.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
