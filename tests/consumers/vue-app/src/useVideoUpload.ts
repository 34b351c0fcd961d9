// readme:start vue-composable
import { ref, toValue, type MaybeRefOrGetter } from "vue";
import { VideoUploader, type VideoUploadError } from "video-uploader-wasm";

/** Uploads a file with a delegated upload token, with its progress (0 to 1) and status as refs. */
export function useVideoUpload(uploadToken: MaybeRefOrGetter<string>, apiHost?: string) {
  const progress = ref(0);
  const status = ref("");

  async function upload(file: File) {
    const uploader = new VideoUploader({ file, uploadToken: toValue(uploadToken), apiHost });
    uploader.onProgress((e) => (progress.value = e.uploadedBytes / e.totalBytes));
    try {
      const video = await uploader.upload();
      status.value = `Uploaded: ${video.videoId}`;
    } catch (error) {
      status.value = `Failed: ${(error as VideoUploadError).title}`;
    }
  }

  return { progress, status, upload };
}
// readme:end vue-composable
