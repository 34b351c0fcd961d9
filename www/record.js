// Record from the camera and upload while recording: MediaRecorder hands over a blob every
// second, ProgressiveUploader.uploadPart() sends it (merging blobs until a part is 5 MiB), and
// uploadLastPart() on stop sends the rest and resolves with the video.
import { describeError, formatBytes } from '/pkg/widget.js';

const params = new URLSearchParams(location.search);
const token = params.get('token')?.trim();
const apiHost = params.get('apiHost') || location.origin;
const MODULE = params.get('module') || '/pkg/index.js';
const TIMESLICE_MS = 1000;

const $ = (selector) => document.querySelector(selector);
const startButton = $('#start');
const stopButton = $('#stop');

if (token) {
  for (const link of document.querySelectorAll('a[data-keep-token]')) {
    const url = new URL(link.href);
    url.searchParams.set('token', token);
    link.href = url.href;
  }
} else {
  $('#no-token').hidden = false;
  startButton.disabled = true;
}

function showError(text) {
  $('#error').hidden = !text;
  $('#error').textContent = text ?? '';
}

function setState(text) {
  $('#state').textContent = text; // aria-live: read out on change
}

/** What getUserMedia's refusal means for the person in front of the page. */
function cameraError(error) {
  switch (error?.name) {
    case 'NoMediaDevices':
      return error.message;
    case 'NotAllowedError':
    case 'SecurityError':
      return 'Camera permission was refused. Allow the camera for this site (the camera icon in the address bar), then try again.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No camera was found. Connect a camera, then try again.';
    case 'NotReadableError':
    case 'AbortError':
      return 'The camera could not be started: another application may be using it.';
    default:
      return `The camera could not be opened (${error?.message || error}).`;
  }
}

async function openCamera() {
  if (!navigator.mediaDevices?.getUserMedia) {
    const error = new Error('This browser gives no camera access here: the page must be served over https or from localhost.');
    error.name = 'NoMediaDevices';
    throw error;
  }
  try {
    return await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
  } catch (error) {
    // No microphone (or it is refused alone): a silent video is still a video.
    if (error?.name === 'NotFoundError' || error?.name === 'OverconstrainedError') {
      return navigator.mediaDevices.getUserMedia({ video: true });
    }
    throw error;
  }
}

function pickMimeType() {
  const candidates = ['video/webm;codecs=vp9,opus', 'video/webm;codecs=vp8,opus', 'video/webm', 'video/mp4'];
  return candidates.find((type) => MediaRecorder.isTypeSupported?.(type)) ?? '';
}

let session = null;

async function start() {
  showError(null);
  if (typeof MediaRecorder === 'undefined') {
    showError('This browser cannot record video (no MediaRecorder).');
    return;
  }
  startButton.disabled = true;
  let stream;
  try {
    setState('Opening the camera…');
    stream = await openCamera();
  } catch (error) {
    showError(cameraError(error));
    setState('Not started');
    startButton.disabled = false;
    return;
  }

  let pkg;
  try {
    pkg = await import(new URL(MODULE, location.href).href);
    await pkg.default();
  } catch (error) {
    stream.getTracks().forEach((track) => track.stop());
    showError(`The upload library could not be loaded: ${error.message ?? error}`);
    startButton.disabled = false;
    return;
  }

  const mimeType = pickMimeType();
  const extension = mimeType.startsWith('video/mp4') ? 'mp4' : 'webm';
  const uploader = new pkg.ProgressiveUploader({
    uploadToken: token,
    apiHost,
    videoName: `Recording ${new Date().toISOString().slice(0, 19).replace('T', ' ')}.${extension}`,
    preventEmptyParts: true,
  });
  const recorder = new MediaRecorder(stream, mimeType ? { mimeType } : undefined);
  session = { stream, recorder, uploader, recorded: 0, sentDone: 0, sentNow: 0, parts: new Map(), failed: false, started: performance.now() };
  $('#parts').replaceChildren();
  $('#result').hidden = true;

  const preview = $('#preview');
  preview.srcObject = stream;
  preview.play().catch(() => {});

  uploader.onProgress(({ part, uploadedBytes, totalBytes }) => onPartProgress(part, uploadedBytes, totalBytes));

  recorder.addEventListener('dataavailable', (event) => {
    if (!event.data || event.data.size === 0 || session.failed) return;
    session.recorded += event.data.size;
    $('#recorded').textContent = formatBytes(session.recorded);
    $('#recorded').dataset.bytes = String(session.recorded);
    uploader.uploadPart(event.data).catch(fail);
  });
  recorder.addEventListener('stop', finish);
  recorder.addEventListener('error', (event) => fail(new Error(`Recording failed: ${event.error?.message ?? 'unknown error'}`)));

  recorder.start(TIMESLICE_MS);
  session.timer = setInterval(() => {
    $('#elapsed').textContent = `${Math.round((performance.now() - session.started) / 1000)} s`;
  }, 500);
  $('#recording').hidden = false;
  stopButton.disabled = false;
  stopButton.focus();
  setState('Recording and uploading');
}

function onPartProgress(part, uploaded, total) {
  let item = session.parts.get(part);
  if (!item) {
    const li = document.createElement('li');
    li.innerHTML = `<div class="line"><span class="label"></span><span class="bytes muted"></span></div><progress max="1" value="0"></progress>`;
    li.querySelector('.label').textContent = `Part ${part}`;
    li.querySelector('progress').setAttribute('aria-label', `Part ${part}`);
    $('#parts').append(li);
    item = { li, total, done: false };
    session.parts.set(part, item);
  }
  item.li.querySelector('progress').value = total > 0 ? uploaded / total : 0;
  item.li.querySelector('.bytes').textContent = `${formatBytes(uploaded)} of ${formatBytes(total)}`;
  if (item.done) return;
  session.sentNow = uploaded;
  if (uploaded >= total) {
    item.done = true;
    session.sentDone += total;
    session.sentNow = 0;
    $('#announce').textContent = `Part ${part} sent.`;
  }
  $('#sent').textContent = formatBytes(session.sentDone + session.sentNow);
}

function stopCamera() {
  clearInterval(session.timer);
  session.stream.getTracks().forEach((track) => track.stop());
  $('#preview').srcObject = null;
  $('#recording').hidden = true;
  stopButton.disabled = true;
}

function stop() {
  if (session?.recorder.state === 'recording') {
    setState('Sending the last part…');
    session.recorder.stop(); // a last dataavailable, then stop → finish()
  }
}

async function finish() {
  stopCamera();
  if (session.failed) return;
  try {
    const video = await session.uploader.uploadLastPart(new Blob([], { type: session.recorder.mimeType }));
    $('#player').src = video.assets?.player ?? '';
    $('#player-link').href = video.assets?.player ?? '#';
    $('#video-id').textContent = video.videoId;
    $('#result').hidden = false;
    setState('Uploaded');
  } catch (error) {
    fail(error);
  } finally {
    startButton.disabled = false;
  }
}

function fail(error) {
  if (session.failed) return;
  session.failed = true;
  showError(describeError(error));
  setState('Failed');
  if (session.recorder.state === 'recording') session.recorder.stop();
  session.uploader.cancel();
  startButton.disabled = false;
}

startButton.addEventListener('click', start);
stopButton.addEventListener('click', stop);
